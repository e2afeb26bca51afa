package org.ketaminecds.samples.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.KnowledgePackageException;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.PackageSignature;
import org.ketaminecds.core.RuleFolderPolicy;
import org.ketaminecds.fhir.cdshooks.CdsHooksService;
import org.ketaminecds.fhir.cdshooks.FeedbackSink;
import org.ketaminecds.fhir.cdshooks.FileFeedbackSink;
import org.ketaminecds.samples.cli.server.CdsHooksServer;
import org.ketaminecds.samples.cli.server.ServerConfig;
import org.ketaminecds.samples.cli.server.ServerMetrics;
import org.ketaminecds.samples.cli.server.ServerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ketamine-cds serve}: the CDS Hooks 2.0 service over HTTP. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the CDS Hooks 2.0 services (discovery, patient-view, order-select, order-sign,"
                + " encounter-start, feedback) over HTTP.",
                "Every call needs a signed JWT from an issuer in --config, unless --no-auth (local use only)."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "${env:KETAMINE_CDS_PORT:-8080}",
            description = "port (default: ${DEFAULT-VALUE}; 0 for any free one; env KETAMINE_CDS_PORT)")
    int port;

    @Option(names = "--host", defaultValue = "${env:KETAMINE_CDS_HOST:-127.0.0.1}",
            description = "interface to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all; env KETAMINE_CDS_HOST)")
    String host;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "${env:KETAMINE_CDS_CONFIG}",
            description = "YAML or JSON: baseUrl, trusted issuers and their keys, CORS, limits (see README); every "
                    + "setting may also come from a KETAMINE_CDS_... environment variable (docs/operations.md)")
    Path config;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "the URL clients call (token audiences are checked against it); overrides the config")
    String baseUrl;

    @Option(names = "--feedback", paramLabel = "FILE",
            description = "where feedback is appended, one JSON line each (default: the config's, else ketamine-cds-feedback.jsonl)")
    Path feedback;

    @Mixin
    RulesOption rules;

    @Option(names = "--no-auth", description = "accept calls without a token: for local use only")
    boolean noAuth;

    @Option(names = "--access-log", defaultValue = "${env:KETAMINE_CDS_ACCESS_LOG:-json}", paramLabel = "json|off",
            description = "one JSON line per call on standard output (default: ${DEFAULT-VALUE}; env KETAMINE_CDS_ACCESS_LOG)")
    String accessLog;

    @Option(names = "--allow-unsigned",
            description = "load a --rules folder that no trusted key signed: for a test server only (a rule folder is "
                    + "code: whoever can write it runs code here)")
    boolean allowUnsigned;

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerSetup setup;
        try {
            setup = ServerSetup.of(config, System.getenv(), noAuth, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            err.println("ketamine-cds serve: " + e.getMessage());
            return KetamineCds.USAGE;
        }
        RuleFolderPolicy policy;
        try {
            policy = rulesPolicy(setup.config().rules());
        } catch (IllegalArgumentException e) {
            err.println("ketamine-cds serve: " + e.getMessage());
            return KetamineCds.USAGE;
        }
        if (noAuth) {
            err.println("""
                    ************************************************************************************
                    WARNING: AUTHENTICATION IS OFF (--no-auth). Anyone who can reach this port can send
                    patient data and read cards. Use it only on your own machine, never with real data.
                    ************************************************************************************""");
            err.flush();
        }
        Path feedbackFile = feedback != null ? feedback
                : Path.of(setup.config().feedbackFile() != null ? setup.config().feedbackFile() : "ketamine-cds-feedback.jsonl");
        if (rules.dir != null && !policy.signatureRequired()) {
            LOG.warn("--allow-unsigned: rule folder {} is loaded (and reloaded) whether or not a trusted key signed it; "
                    + "a rule folder is code: anyone who can write it runs code in this server. Test servers only.",
                    rules.dir);
        }
        if (!accessLog.equals("json") && !accessLog.equals("off")) {
            err.println("ketamine-cds serve: --access-log must be json or off, not '" + accessLog + "'");
            return KetamineCds.USAGE;
        }
        ServerMetrics metrics = new ServerMetrics();
        CdsEngine engine;
        try {
            engine = CdsEngine.builder().knowledgePackage(rules.load(policy)).prepare(Mode.values())
                    .listener(metrics.evaluations()).build();
        } catch (KnowledgePackageException e) {
            RulesOption.report(err, rules.dir, e);
            err.flush();
            return RulesCommand.PROBLEMS;
        }
        // With --rules DIR the folder is watched: a good edit is swapped in atomically, a bad one refused.
        metrics.knowledge(engine.knowledge());
        RuleFolderWatcher watcher = rules.dir == null ? null
                : RuleFolderWatcher.reloading(engine, rules.dir, policy, err, (result, serving) -> {
                    metrics.reload(result);
                    metrics.knowledge(serving);
                });
        FileFeedbackSink sink = FeedbackSink.appendingTo(feedbackFile);
        CdsHooksService service = CdsHooksService.builder(engine).feedbackSink(metrics.counting(sink))
                .maxFeedbackItems(setup.config().maxFeedbackItems())
                .documentationUrl(setup.config().documentationUrl()).build();
        PrintStream stdout = System.out;
        CdsHooksServer server = new CdsHooksServer(service, setup,
                baseUrl != null ? baseUrl : setup.config().baseUrl(), metrics,
                accessLog.equals("json") ? stdout::println : line -> { });
        server.start(host, port);
        Thread warmUp = new Thread(() -> {
            WarmUp.run(engine);
            metrics.countEvaluationsFromNow();
            server.markReady();
        }, "ketamine-cds warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        out.println("ketamine-cds CDS Hooks service listening on " + host + ":" + server.port()
                + "; discovery at " + server.baseUrl() + "/cds-services; feedback to " + sink.file()
                + (noAuth ? "" : "; token audiences must start with " + server.baseUrl())
                + (rules.dir == null ? "" : "; rules from " + rules.dir + " (" + engine.knowledge().describe()
                        + "), reloaded when it changes"));
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close(); // drains: calls in flight finish, up to shutdownGraceSeconds
            try {
                if (watcher != null) {
                    watcher.close();
                }
                sink.close();
            } catch (java.io.IOException ignored) {
                // the records were forced to disk as they came
            }
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    /**
     * What a {@code --rules} folder must be: signed by a key of {@code --trusted-key} or the config's
     * {@code rules.trustedKeys}, unless {@code --allow-unsigned}; within the config's size limits.
     *
     * @throws IllegalArgumentException when a key file is unusable, or --rules has neither a key nor --allow-unsigned
     */
    private RuleFolderPolicy rulesPolicy(ServerConfig.Rules config) {
        List<PublicKey> keys = new ArrayList<>(rules.keys());
        config.trustedKeys().forEach(k -> keys.add(PackageSignature.readPublicKey(Path.of(k))));
        RuleFolderPolicy policy;
        if (allowUnsigned || rules.dir == null) {
            policy = RuleFolderPolicy.signatureOptional().trusting(keys);
        } else if (keys.isEmpty()) {
            throw new IllegalArgumentException("--rules loads only a folder signed by a trusted key: give the signer's "
                    + "public key (--trusted-key PEM, or rules.trustedKeys in --config), or --allow-unsigned for a "
                    + "test server");
        } else {
            policy = RuleFolderPolicy.signedBy(keys);
        }
        return policy.withLimits(config.maxFileBytes(), config.maxTotalBytes(), config.maxFiles());
    }
}
