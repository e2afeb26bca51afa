package org.ketaminecds.samples.cli.workbench;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.Mode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workbench's HTTP side: the pages (from the jar) and a small JSON API over the packages. Reads only; the one
 * thing it starts is a population screen, into a temporary folder. Requests from another origin are refused, and, on
 * loopback, requests naming another host (a DNS-rebinding page), since the rule folder it runs is code.
 */
final class Workbench implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Workbench.class);
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

    private final Packages packages;
    private final Patients patients;
    private final ImpactJob impact = new ImpactJob();
    private final Path defaultExport;
    private final boolean loopbackOnly;
    private final Javalin app;

    /**
     * @param packages      the built-in package and the one being edited
     * @param patientsDir   {@code --patients DIR}, or {@code null}
     * @param defaultExport {@code --export DIR}, or {@code null}
     * @param loopbackOnly  whether only loopback host names may be asked for
     */
    Workbench(Packages packages, Path patientsDir, Path defaultExport, boolean loopbackOnly) {
        this.packages = packages;
        this.patients = new Patients(patientsDir, packages::current);
        this.defaultExport = defaultExport;
        this.loopbackOnly = loopbackOnly;
        this.app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.startupWatcherEnabled = false;
            c.http.maxRequestSize = 64L << 20; // an uploaded bundle
            c.staticFiles.add(s -> {
                s.hostedPath = "/";
                s.directory = "/workbench/web";
                s.location = Location.CLASSPATH;
            });
        });
        app.before(this::sameOrigin);
        app.get("/vendor/echarts.min.js", ctx -> ctx.contentType("text/javascript; charset=utf-8")
                .result(Charting.script()));
        app.get("/api/status", ctx -> ctx.json(packages.status(defaultExport)));
        app.get("/api/rules", ctx -> ctx.json(KnowledgeView.of(packages.current(), packages.builtIn().knowledgePackage(),
                packages.scenariosByRule())));
        app.get("/api/source", this::source);
        app.get("/api/patients", ctx -> ctx.json(patients.choices()));
        app.post("/api/assess", ctx -> ctx.json(PatientTrial.run(ctx.bodyAsClass(PatientTrial.Request.class), patients,
                packages.currentEngine())));
        app.get("/api/rounds", ctx -> ctx.json(EditView.of(packages.rounds())));
        app.get("/api/impact", ctx -> ctx.json(impact.status()));
        app.post("/api/impact", this::startImpact);
        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            // The class only: a message could quote the record.
            LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), e.getClass().getSimpleName());
            error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "internal error (" + e.getClass().getSimpleName() + ")");
        });
    }

    Workbench start(String host, int port) {
        app.start(host, port);
        return this;
    }

    int port() {
        return app.port();
    }

    private void sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        String host = ctx.header("Host");
        if (origin != null && !origin.equals("null") && host != null && !origin.endsWith("//" + host)) {
            throw new io.javalin.http.ForbiddenResponse("requests from another origin are refused");
        }
        if (loopbackOnly && host != null && !LOOPBACK_NAMES.contains(host.replaceFirst(":\\d+$", ""))) {
            throw new io.javalin.http.ForbiddenResponse("this workbench answers on 127.0.0.1 and localhost only");
        }
    }

    /** A rule file's text, read-only: only a file of the package in use, never a path the page made up. */
    private void source(Context ctx) {
        String file = ctx.queryParam("file");
        String text = file == null || !file.endsWith(".drl") ? null : packages.current().sourceText(file);
        if (text == null) {
            throw new IllegalArgumentException("no rule file '" + file + "' in the package");
        }
        ctx.contentType("text/plain; charset=utf-8").result(text);
    }

    /** What the population-impact form sends. */
    record ImpactRequest(String export, String mode, String asOf) {
    }

    private void startImpact(Context ctx) {
        ImpactRequest r = ctx.bodyAsClass(ImpactRequest.class);
        String folder = r.export() == null || r.export().isBlank()
                ? (defaultExport == null ? null : defaultExport.toString()) : r.export().strip();
        if (folder == null) {
            throw new IllegalArgumentException("give the Bulk export folder to screen");
        }
        Mode mode = r.mode() == null || r.mode().isBlank() ? Mode.CANDIDACY
                : Mode.valueOf(r.mode().strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        Instant asOf = r.asOf() == null || r.asOf().isBlank() ? Instant.now() : EvaluationContext.parseTime(r.asOf());
        CdsEngine builtIn = packages.builtIn();
        boolean started = impact.start(Path.of(folder), builtIn, packages.currentEngine(), mode, asOf);
        if (!started) {
            error(ctx, HttpStatus.CONFLICT, "a screen is running: wait for it to finish");
            return;
        }
        ctx.status(HttpStatus.ACCEPTED).json(impact.status());
    }

    private static void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(Map.of("error", message == null ? status.getMessage() : message));
    }

    @Override
    public void close() {
        impact.close();
        app.stop();
    }
}
