package org.ketaminecds.samples.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.fhir.cdshooks.CdsHooksRequests;
import org.ketaminecds.fhir.cdshooks.CdsHooksService;
import org.ketaminecds.fhir.cdshooks.FeedbackRecord;
import org.ketaminecds.fhir.cdshooks.FeedbackSink;

/** What operators rely on: health, readiness, request ids, the access log, metrics, and a draining shutdown. */
class ServerOperationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String FEEDBACK = "{\"feedback\":[{\"card\":\"c-1\",\"outcome\":\"overridden\",\"overrideReason\":"
            + "{\"reason\":{\"system\":\"http://example.org/override\",\"code\":\"specialist-clearance\"}},"
            + "\"outcomeTimestamp\":\"2026-03-01T09:00:00Z\"}]}";

    private final List<String> accessLog = new CopyOnWriteArrayList<>();
    private final ServerMetrics metrics = new ServerMetrics();
    private CdsHooksServer server;

    private CdsHooksServer start(FeedbackSink sink, Map<String, String> environment) {
        CdsEngine engine = CdsEngine.builder().initialSessions(1).listener(metrics.evaluations()).build();
        CdsHooksService service = CdsHooksService.builder(engine).feedbackSink(metrics.counting(sink)).build();
        metrics.knowledge(engine.knowledge());
        server = new CdsHooksServer(service, ServerSetup.of(null, environment, true, Clock.systemUTC()), null, metrics,
                accessLog::add).start("127.0.0.1", 0);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void health_liveAtOnce_readyOnlyAfterMarkReady() throws Exception {
        start(feedback -> { }, Map.of());

        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        server.markReady();
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get("/health/ready").body()).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void requestId_callersPlainIdEchoed_anythingElseReplaced_andLoggedAsOneJsonLine() throws Exception {
        start(feedback -> { }, Map.of());

        HttpResponse<String> echoed = get("/cds-services", "X-Request-Id", "abc-123");
        HttpResponse<String> replaced = get("/cds-services", "X-Request-Id", "<script>\"patient 42\"");

        assertThat(echoed.headers().firstValue("X-Request-Id")).hasValue("abc-123");
        assertThat(replaced.headers().firstValue("X-Request-Id")).hasValueSatisfying(id ->
                assertThat(id).matches("[0-9a-f-]{36}"));
        JsonNode line = JSON.readTree(accessLog.stream().filter(l -> l.contains("abc-123")).findFirst().orElseThrow());
        assertThat(line.path("endpoint").asText()).isEqualTo("/cds-services");
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("knowledge").asText()).startsWith("ketamine-cds-rules ");
        assertThat(line.has("durationMs")).isTrue();
        assertThat(accessLog).noneMatch(l -> l.contains("patient 42"));
    }

    @Test
    void metrics_countCallsEvaluationsFindingsFeedbackAndTheKnowledge_withoutPatientData() throws Exception {
        start(feedback -> { }, Map.of());
        metrics.countEvaluationsFromNow();
        String bundle = Files.readString(Path.of("examples/eligible-trd.json"));
        String request = CdsHooksRequests.fromBundle("ketamine-cds-patient-view", bundle, "h-1", null);

        assertThat(post("/cds-services/ketamine-cds-patient-view", request).statusCode()).isEqualTo(200);
        assertThat(post("/cds-services/ketamine-cds-order-sign/feedback", FEEDBACK).statusCode()).isEqualTo(200);
        String scrape = get("/metrics").body();

        assertThat(scrape).contains("ketamine_cds_http_requests_seconds_count{endpoint=\"/cds-services/{id}\","
                + "service=\"ketamine-cds-patient-view\",status=\"200\"} 1");
        assertThat(scrape).contains("ketamine_cds_http_requests_seconds_bucket{");
        assertThat(scrape).containsPattern("ketamine_cds_evaluations_seconds_count\\{disposition=\"\\w+\",mode=\"\\w+\"} 1");
        assertThat(scrape).containsPattern("ketamine_cds_findings_total\\{outcome=\"(FIRED|CANNOT_ASSESS)\",rule=\"KET-");
        assertThat(scrape).contains("ketamine_cds_feedback_total{outcome=\"overridden\",override_reason=\"specialist-clearance\","
                + "service=\"ketamine-cds-order-sign\"} 1.0");
        assertThat(scrape).containsPattern("ketamine_cds_knowledge_package\\{id=\"ketamine-cds-rules\",sha256=\"[0-9a-f]{64}\"");
        assertThat(scrape).doesNotContain("Patient/", "h-1");
    }

    @Test
    void close_drainsCallsInFlight_andRefusesNewOnesMeanwhile() throws Exception {
        CountDownLatch started = new CountDownLatch(4);
        CountDownLatch release = new CountDownLatch(1);
        List<FeedbackRecord> kept = new CopyOnWriteArrayList<>();
        start(feedback -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kept.add(feedback);
        }, Map.of("KETAMINE_CDS_SHUTDOWN_GRACE_SECONDS", "10", "KETAMINE_CDS_MAX_CONCURRENT_CALLS", "8"));
        List<CompletableFuture<HttpResponse<String>>> inFlight = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            inFlight.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/cds-services/ketamine-cds-order-sign/feedback"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(FEEDBACK)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).as("four calls in flight").isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        Thread.sleep(300); // closing has begun and waits for the four
        int duringShutdown = post("/cds-services/ketamine-cds-order-sign/feedback", FEEDBACK).statusCode();
        release.countDown();
        closing.get(15, TimeUnit.SECONDS);
        server = null;

        assertThat(inFlight).allSatisfy(f -> assertThat(f.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200));
        assertThat(kept).hasSize(4);
        assertThat(duringShutdown).isEqualTo(503);
    }
}
