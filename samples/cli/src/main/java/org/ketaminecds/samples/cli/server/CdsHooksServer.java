package org.ketaminecds.samples.cli.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Objects;
import org.ketaminecds.fhir.cdshooks.CdsHooksException;
import org.ketaminecds.fhir.cdshooks.CdsHooksJson;
import org.ketaminecds.fhir.cdshooks.CdsHooksService;
import org.ketaminecds.fhir.cdshooks.PrefetchFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CDS Hooks HTTP server: discovery ({@code GET /cds-services}), the services
 * ({@code POST /cds-services/{id}}) and feedback ({@code POST /cds-services/{id}/feedback}), on Javalin.
 * Every call needs a signed JWT unless authentication is off; errors are OperationOutcome JSON; logs name the
 * endpoint, the status and the time, never a body, a token or a patient.
 */
public final class CdsHooksServer implements AutoCloseable {

    static final String JSON = "application/json";
    static final String FHIR_JSON = "application/fhir+json";
    private static final Logger LOG = LoggerFactory.getLogger(CdsHooksServer.class);

    private final CdsHooksService service;
    private final JwtVerifier verifier; // null: authentication off
    private final PrefetchFetcher fetcher;
    private String baseUrl;
    private final long maxRequestBytes;
    private final Javalin app;

    /**
     * @param setup   the checked configuration; its verifier is null when authentication is off (warn loudly)
     * @param baseUrl  the URL clients call; token audiences are checked against it. Null: {@code http://host:port}
     */
    public CdsHooksServer(CdsHooksService service, ServerSetup setup, String baseUrl) {
        this.service = Objects.requireNonNull(service, "service");
        this.verifier = setup.verifier();
        ServerConfig config = setup.config();
        this.baseUrl = baseUrl == null ? null : baseUrl.replaceAll("/+$", "");
        this.maxRequestBytes = config.maxRequestBytes();
        this.fetcher = allowListed(PrefetchFetcher.hapi(), config.fhirServers());
        List<String> origins = config.cors().allowedOrigins();
        this.app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.maxRequestSize = maxRequestBytes;
            c.startupWatcherEnabled = false;
            if (!origins.isEmpty()) {
                c.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                    if (origins.contains("*")) {
                        rule.anyHost();
                    } else {
                        rule.allowHost(origins.get(0), origins.subList(1, origins.size()).toArray(String[]::new));
                    }
                }));
            }
        });
        app.before(this::limitSize);
        app.get("/cds-services", this::discovery);
        app.post("/cds-services/{id}", this::call);
        app.post("/cds-services/{id}/feedback", this::feedback);
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed: {}", ctx.method(), ctx.endpointHandlerPath(), e.getClass().getSimpleName());
            error(ctx, 500, "internal error");
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 404, "no such endpoint: the services are under /cds-services");
            }
        });
        app.error(405, ctx -> error(ctx, 405, "method not allowed"));
        app.after(ctx -> {
            if (ctx.status().getCode() >= 400) {
                LOG.info("{} {} -> {}", ctx.method(), ctx.endpointHandlerPath(), ctx.status().getCode());
            }
        });
    }

    /** Starts on a host and port (0: any free port); returns this. */
    public CdsHooksServer start(String host, int port) {
        app.start(host, port);
        if (baseUrl == null) {
            baseUrl = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port();
        }
        return this;
    }

    /** The URL the services are under, as token audiences must name it: {@code <baseUrl>/cds-services/...}. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private void limitSize(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length > maxRequestBytes) {
            throw new HttpResponseException(413, "the request is larger than " + maxRequestBytes + " bytes");
        }
    }

    private void discovery(Context ctx) {
        if (authenticate(ctx, baseUrl + "/cds-services")) {
            ctx.contentType(JSON).result(CdsHooksJson.write(service.discovery()));
        }
    }

    private void call(Context ctx) {
        String id = ctx.pathParam("id");
        if (!authenticate(ctx, baseUrl + "/cds-services/" + id)) {
            return;
        }
        try {
            ctx.contentType(JSON).result(service.call(id, ctx.body(), fetcher).json());
        } catch (CdsHooksException e) {
            error(ctx, e.status(), e.getMessage());
        }
    }

    private void feedback(Context ctx) {
        String id = ctx.pathParam("id");
        String service = baseUrl + "/cds-services/" + id;
        if (!authenticate(ctx, service, service + "/feedback")) {
            return;
        }
        try {
            this.service.feedback(id, ctx.body());
            ctx.status(200);
        } catch (CdsHooksException e) {
            error(ctx, e.status(), e.getMessage());
        }
    }

    /** True when the call may go on; otherwise the 401 is written. The feedback URL may be named either way. */
    private boolean authenticate(Context ctx, String... audiences) {
        if (verifier == null) {
            return true;
        }
        String header = ctx.header("Authorization");
        AuthException last = null;
        for (String audience : audiences) {
            try {
                verifier.verify(header, audience);
                return true;
            } catch (AuthException e) {
                last = e;
                if (!e.getMessage().startsWith("token audience")) {
                    break; // only a wrong audience is worth a second look; never check a token twice for replay
                }
            }
        }
        ctx.header("WWW-Authenticate", "Bearer");
        LOG.info("{} {}: token refused: {}", ctx.method(), ctx.endpointHandlerPath(), last.getMessage()); // never the token
        error(ctx, 401, last.getMessage());
        return false;
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType(FHIR_JSON).result(CdsHooksException.operationOutcomeJson(status, message));
    }

    /** Only the configured FHIR servers are fetched from; with none configured, any the (authenticated) client names. */
    private static PrefetchFetcher allowListed(PrefetchFetcher fetcher, List<String> servers) {
        if (servers.isEmpty()) {
            return fetcher;
        }
        return (access, query) -> {
            if (servers.stream().noneMatch(s -> access.fhirServer().replaceAll("/+$", "").equals(s.replaceAll("/+$", "")))) {
                throw new PrefetchFetcher.FetchException("fhirServer is not one this service may fetch from");
            }
            return fetcher.fetch(access, query);
        };
    }
}
