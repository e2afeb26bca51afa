package org.ketaminecds.samples.cli.server;

import io.javalin.Javalin;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.Request;
import org.ketaminecds.fhir.cdshooks.CdsHooksException;
import org.ketaminecds.fhir.cdshooks.CdsHooksJson;
import org.ketaminecds.fhir.cdshooks.CdsHooksService;
import org.ketaminecds.fhir.cdshooks.PrefetchFetcher;
import org.ketaminecds.fhir.cdshooks.security.CdsHooksSecurity;
import org.ketaminecds.fhir.cdshooks.security.TokenRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CDS Hooks HTTP server: discovery ({@code GET /cds-services}), the services
 * ({@code POST /cds-services/{id}}) and feedback ({@code POST /cds-services/{id}/feedback}), on Javalin.
 * Every call needs a signed JWT unless authentication is off; errors are OperationOutcome JSON, Jetty's own (a
 * malformed request, headers too large) too; logs name the endpoint, the status and the time, never a body, a token
 * or a patient.
 *
 * <p>Calls run on a bounded pool ({@code maxConcurrentCalls}) behind a bounded queue ({@code maxQueuedCalls}); a
 * call that finds both full gets 503 with Retry-After at once, before its body is read. Bodies are read up to
 * {@code maxRequestBytes} whatever the Content-Length says (or does not: chunked), then 413.
 *
 * <p>For operations: {@code /health/live} answers while the process serves; {@code /health/ready} only once
 * {@link #markReady} was called (the package built and warmed up) and until shutdown starts; {@code /metrics} is
 * Prometheus text. Every call gets a request id (the caller's {@code X-Request-Id} when it is a plain token, else a
 * new one), echoed in the response and written in the call's one JSON access-log line. {@link #close} drains: new
 * calls get 503 while the calls in flight finish, up to the grace period.
 */
public final class CdsHooksServer implements AutoCloseable {

    static final String JSON = "application/json";
    static final String FHIR_JSON = "application/fhir+json";
    /** Seconds a caller refused for overload should wait: calls take milliseconds, so the queue drains fast. */
    static final String BUSY_RETRY_AFTER = "1";
    static final String REQUEST_ID = "X-Request-Id";
    private static final String STARTED = "ketamine-cds.started";
    private static final Logger LOG = LoggerFactory.getLogger(CdsHooksServer.class);

    private final CdsHooksService service;
    private final CdsHooksSecurity security; // null: authentication off
    private String baseUrl;
    private final int maxRequestBytes;
    private final ThreadPoolExecutor calls;
    private final int maxQueuedCalls;
    private final Javalin app;
    private final ServerMetrics metrics;
    private final java.util.function.Consumer<String> accessLog;
    private final java.time.Duration shutdownGrace;
    private final java.util.concurrent.atomic.AtomicBoolean ready = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean draining;
    private final java.util.concurrent.Phaser inFlight = new java.util.concurrent.Phaser(1);

    /**
     * @param setup   the checked configuration; its security is null when authentication is off (warn loudly)
     * @param baseUrl  the URL clients call; token audiences are checked against it. Null: {@code http://host:port}
     */
    public CdsHooksServer(CdsHooksService service, ServerSetup setup, String baseUrl) {
        this(service, setup, baseUrl, new ServerMetrics(), line -> { });
    }

    /**
     * @param metrics   where calls are counted ({@code /metrics} shows it)
     * @param accessLog takes one JSON line per call (request id, method, endpoint, service, status, duration,
     *                  package version: never a patient, a body or a token)
     */
    public CdsHooksServer(CdsHooksService service, ServerSetup setup, String baseUrl, ServerMetrics metrics,
                          java.util.function.Consumer<String> accessLog) {
        this.service = Objects.requireNonNull(service, "service");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
        this.shutdownGrace = java.time.Duration.ofSeconds(setup.config().shutdownGraceSeconds());
        this.security = setup.security();
        ServerConfig config = setup.config();
        this.baseUrl = baseUrl == null ? null : baseUrl.replaceAll("/+$", "");
        this.maxRequestBytes = Math.toIntExact(config.maxRequestBytes());
        this.calls = boundedPool(config.maxConcurrentCalls(), config.maxQueuedCalls());
        this.maxQueuedCalls = config.maxQueuedCalls();
        List<String> origins = config.cors().allowedOrigins();
        this.app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.maxRequestSize = maxRequestBytes;
            c.startupWatcherEnabled = false;
            c.jetty.modifyServer(server -> server.setErrorHandler(new OperationOutcomeErrorHandler()));
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
        app.before(ctx -> {
            ctx.attribute(STARTED, System.nanoTime());
            ctx.header(REQUEST_ID, AccessLog.requestId(ctx.header(REQUEST_ID)));
        });
        app.get("/health/live", ctx -> health(ctx, true));
        app.get("/health/ready", ctx -> health(ctx, ready.get() && !draining));
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        app.get("/cds-services", bounded(this::discovery));
        app.post("/cds-services/{id}", bounded(this::call));
        app.post("/cds-services/{id}/feedback", bounded(this::feedback));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        app.exception(BadMessageException.class, (e, ctx) -> error(ctx, e.getCode(), "bad request: " + e.getReason()));
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
            int status = ctx.status().getCode();
            if (status >= 400) {
                LOG.info("{} {} -> {}", ctx.method(), ctx.endpointHandlerPath(), status);
            }
            Long started = ctx.attribute(STARTED);
            long nanos = started == null ? 0 : System.nanoTime() - started;
            String endpoint = ctx.endpointHandlerPath();
            String serviceId = ctx.pathParamMap().getOrDefault("id", "-");
            if (!endpoint.startsWith("/health") && !endpoint.equals("/metrics")) {
                metrics.call(endpoint, serviceId, status, nanos);
            }
            accessLog.accept(AccessLog.line(ctx.res().getHeader(REQUEST_ID), ctx.method().name(), endpoint, serviceId,
                    status, nanos, metrics.knowledgeVersion()));
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

    /** The package is built and warmed up: {@code /health/ready} answers 200 from now on, until shutdown. */
    public void markReady() {
        ready.set(true);
    }

    /**
     * Stops gracefully: readiness goes down and new calls get 503 at once, the calls in flight finish (up to the
     * configured grace period), then the port closes.
     */
    @Override
    public void close() {
        draining = true;
        int phase = inFlight.arrive(); // the server's own party: the phase ends when the last call in flight ends
        try {
            inFlight.awaitAdvanceInterruptibly(phase, shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("shutdown: {} call(s) still running after {} s; stopping anyway", inFlight.getUnarrivedParties(),
                    shutdownGrace.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
        calls.shutdownNow();
    }

    private static void health(Context ctx, boolean up) {
        ctx.status(up ? 200 : 503).contentType(JSON).result(up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
    }

    private static ThreadPoolExecutor boundedPool(int threads, int queued) {
        BlockingQueue<Runnable> queue = queued == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queued);
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, queue, work -> {
            Thread thread = new Thread(work, "cds-hooks-call-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** The handler, on the bounded pool; 503 with Retry-After when the pool and its queue are full. */
    private Handler bounded(Handler handler) {
        return ctx -> ctx.future(() -> {
            ctx.req().getAsyncContext().addListener(hangUpOnLongUnreadBody);
            if (draining || inFlight.register() < 0) {
                ctx.header("Connection", "close");
                error(ctx, 503, "the service is shutting down; retry on another instance");
                return CompletableFuture.completedFuture(null);
            }
            // In flight until the response is written, not merely computed: shutdown waits for the bytes to leave.
            ctx.req().getAsyncContext().addListener(leavesFlightWhenWritten);
            try {
                return CompletableFuture.runAsync(() -> {
                    try {
                        handler.handle(ctx);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }, calls);
            } catch (RejectedExecutionException e) {
                ctx.header("Retry-After", BUSY_RETRY_AFTER);
                error(ctx, 503, "the service is busy (" + calls.getMaximumPoolSize() + " calls running and "
                        + maxQueuedCalls + " waiting); retry after " + BUSY_RETRY_AFTER + " s");
                return CompletableFuture.completedFuture(null);
            }
        });
    }

    private final AsyncListener leavesFlightWhenWritten = onComplete(event -> inFlight.arriveAndDeregister());

    /**
     * After the answer, closes a connection whose request body was not read to its end and is not known to be small
     * (chunked, or declared over the limit): Jetty would otherwise read and discard the rest to keep the connection,
     * however long the sender goes on. A refused call of a declared, allowed size keeps its connection.
     */
    private final AsyncListener hangUpOnLongUnreadBody = onComplete(this::hangUpIfBodyUnread);

    private void hangUpIfBodyUnread(AsyncEvent event) {
        Request request = Request.getBaseRequest(event.getSuppliedRequest());
        if (request != null && !request.getHttpInput().isFinished()
                && (request.getContentLengthLong() < 0 || request.getContentLengthLong() > maxRequestBytes)) {
            request.getHttpChannel().getEndPoint().close();
        }
    }

    /** A listener that acts when the response is complete (written, or the call failed) and on nothing else. */
    private static AsyncListener onComplete(java.util.function.Consumer<AsyncEvent> action) {
        return new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                action.accept(event);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
            }

            @Override
            public void onError(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        };
    }

    /**
     * The body, read up to the limit: a declared length over it is refused before anything is read, a chunked or
     * mis-declared body is cut off there, not held whole.
     */
    private String body(Context ctx) throws IOException {
        if (ctx.req().getContentLengthLong() > maxRequestBytes) {
            throw tooLarge(ctx);
        }
        byte[] bytes = ctx.req().getInputStream().readNBytes(maxRequestBytes + 1);
        if (bytes.length > maxRequestBytes) {
            throw tooLarge(ctx);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private HttpResponseException tooLarge(Context ctx) {
        ctx.header("Connection", "close");
        return new HttpResponseException(413, "the request is larger than " + maxRequestBytes + " bytes");
    }

    private void discovery(Context ctx) {
        if (authenticate(ctx, baseUrl + "/cds-services") != null) {
            ctx.contentType(JSON).result(CdsHooksJson.write(service.discovery()));
        }
    }

    private void call(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        String issuer = authenticate(ctx, baseUrl + "/cds-services/" + id);
        if (issuer == null) {
            return;
        }
        String request = body(ctx);
        // made after the body is read: its deadline starts now
        PrefetchFetcher fetcher = security == null ? NO_FETCH_WITHOUT_AUTH : security.fetcherFor(issuer);
        try {
            ctx.contentType(JSON).result(service.call(id, request, fetcher).json());
        } catch (CdsHooksException e) {
            error(ctx, e.status(), e.getMessage());
        }
    }

    /** With authentication off there is no issuer to allow servers for: the caller must send its prefetch. */
    private static final PrefetchFetcher NO_FETCH_WITHOUT_AUTH = (access, query) -> {
        throw new PrefetchFetcher.FetchException("authentication is off, so nothing is fetched from FHIR servers");
    };

    private void feedback(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        String service = baseUrl + "/cds-services/" + id;
        if (authenticate(ctx, service, service + "/feedback") == null) {
            return;
        }
        try {
            this.service.feedback(id, body(ctx));
            ctx.status(200);
        } catch (CdsHooksException e) {
            error(ctx, e.status(), e.getMessage());
        }
    }

    /**
     * The verified token's issuer ({@code ""} when authentication is off), or null when the call may not go on: then
     * the 401 (or 429) is written. The feedback URL may be named either way.
     */
    private String authenticate(Context ctx, String... audiences) {
        if (security == null) {
            return "";
        }
        try {
            return security.verify(ctx.header("Authorization"), audiences);
        } catch (TokenRefusedException e) {
            e.headers().forEach(ctx::header);
            LOG.info("{} {}: token refused: {}", ctx.method(), ctx.endpointHandlerPath(), e.getMessage()); // never the token
            error(ctx, e.status(), e.getMessage());
            return null;
        }
    }

    static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType(FHIR_JSON).result(CdsHooksException.operationOutcomeJson(status, message));
    }
}
