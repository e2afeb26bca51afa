package org.ketaminecds.samples.cli.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.EvaluationListener;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.KnowledgeInfo;
import org.ketaminecds.fhir.cdshooks.FeedbackRecord;
import org.ketaminecds.fhir.cdshooks.FeedbackSink;

/**
 * What {@code serve} counts, in Prometheus' text format at {@code /metrics} (Micrometer): calls by endpoint, service
 * and status with a latency histogram; evaluations by mode and disposition; findings by rule and outcome; feedback
 * by service, outcome and override reason; the knowledge package in use; reloads by result. Labels hold rule ids,
 * codes and statuses only: never a patient, a body or a token.
 */
public final class ServerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /*
     * The meters of the per-call path, by their labels: a builder's register() makes an id and looks it up on every
     * call, which for the findings counter (one per finding, a hundred per call) was a visible share of a call's CPU.
     */
    private final Map<Labels, Timer> evaluationTimers = new ConcurrentHashMap<>();
    private final Map<Labels, Counter> findingCounters = new ConcurrentHashMap<>();
    private final Map<Labels, Timer> callTimers = new ConcurrentHashMap<>();
    private Meter.Id knowledge;
    private volatile String knowledgeVersion = "-";
    private volatile boolean countingEvaluations;

    /** Records every evaluation of the engine it is given to ({@code CdsEngine.builder().listener(...)}). */
    public EvaluationListener evaluations() {
        return this::evaluated;
    }

    /** From now on evaluations count: the warm-up's own evaluations are not the service's work. */
    public void countEvaluationsFromNow() {
        countingEvaluations = true;
    }

    private void evaluated(Assessment a, long elapsedNanos) {
        if (!countingEvaluations) {
            return;
        }
        evaluationTimers.computeIfAbsent(new Labels(a.mode().name(), a.disposition().name()),
                l -> Timer.builder("ketamine_cds_evaluations").description("Evaluations by mode and disposition")
                        .tags("mode", l.a(), "disposition", l.b())
                        .publishPercentileHistogram().register(registry))
                .record(elapsedNanos, TimeUnit.NANOSECONDS);
        for (Finding f : a.findings()) {
            findingCounters.computeIfAbsent(new Labels(f.ruleId(), f.outcome().name(), f.severity().name()),
                    l -> Counter.builder("ketamine_cds_findings").description("Findings by rule and outcome")
                            .tags("rule", l.a(), "outcome", l.b(), "severity", l.c()).register(registry))
                    .increment();
        }
    }

    /** One HTTP call: the endpoint template, the service id (or "-"), the status, the time it took. */
    void call(String endpoint, String service, int status, long elapsedNanos) {
        callTimers.computeIfAbsent(new Labels(endpoint, service, Integer.toString(status)),
                l -> Timer.builder("ketamine_cds_http_requests").description("HTTP calls by endpoint, service and status")
                        .tags("endpoint", l.a(), "service", l.b(), "status", l.c())
                        .publishPercentileHistogram().register(registry))
                .record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    /** Counts each feedback record the sink keeps, by service, outcome and override reason code. */
    public FeedbackSink counting(FeedbackSink sink) {
        return feedback -> {
            sink.accept(feedback);
            feedback(feedback);
        };
    }

    private void feedback(FeedbackRecord f) {
        String reason = f.overrideReason() == null ? "-" : String.valueOf(f.overrideReason().code());
        Counter.builder("ketamine_cds_feedback").description("Feedback on cards by service, outcome and override reason")
                .tags("service", f.serviceId(), "outcome", String.valueOf(f.outcome()), "override_reason", reason)
                .register(registry).increment();
    }

    /** The package in use, as a gauge of 1 labelled with its id, version, hash and source; replaced on reload. */
    public synchronized void knowledge(KnowledgeInfo info) {
        if (knowledge != null) {
            registry.remove(knowledge);
        }
        knowledgeVersion = info.id() + " " + info.version();
        knowledge = Gauge.builder("ketamine_cds_knowledge_package", () -> 1)
                .description("The knowledge package serving calls")
                .tags(Tags.of("id", info.id(), "version", info.version(), "sha256", info.sha256(),
                        "source", info.source().name()))
                .register(registry).getId();
    }

    /** Id and version of the package in use, for the access log. */
    String knowledgeVersion() {
        return knowledgeVersion;
    }

    /** A reload of a rule folder: {@code loaded}, {@code refused} or {@code failed}. */
    public void reload(String result) {
        Counter.builder("ketamine_cds_reloads").description("Rule folder reloads by result").tag("result", result)
                .register(registry).increment();
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }

    /** The label values of one meter, in the order its builder names them. */
    private record Labels(String a, String b, String c) {
        Labels(String a, String b) {
            this(a, b, "");
        }
    }
}
