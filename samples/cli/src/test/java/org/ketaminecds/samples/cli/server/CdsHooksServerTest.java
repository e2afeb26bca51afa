package org.ketaminecds.samples.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.fhir.cdshooks.CdsHooksRequests;
import org.ketaminecds.fhir.cdshooks.CdsHooksService;
import org.ketaminecds.fhir.cdshooks.FeedbackSink;
import org.ketaminecds.fhir.cdshooks.FileFeedbackSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** End to end over loopback HTTP: a real server, real signed tokens, good and bad. */
class CdsHooksServerTest {

    static final String EHR = "https://ehr.example.org";
    static final String OTHER_EHR = "https://other-ehr.example.org";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static ECKey ecKey;
    static RSAKey rsaKey;
    static HttpServer jwksServer; // also the EHR's FHIR server, under /fhir
    static final List<String> fetched = new java.util.concurrent.CopyOnWriteArrayList<>();
    static CdsHooksServer server;
    static FileFeedbackSink sink;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        ecKey = new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate();
        rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        // The second issuer publishes its keys at a JWKS URL, served on the loopback.
        jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] jwks = new JWKSet(rsaKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwksServer.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        jwksServer.createContext("/fhir", exchange -> {
            fetched.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + exchange.getRequestURI().getPath());
            byte[] body = (exchange.getRequestURI().getPath().endsWith("/Patient/p")
                    ? "{\"resourceType\":\"Patient\",\"id\":\"p\",\"birthDate\":\"1980-01-01\"}"
                    : "{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwksServer.start();
        Path config = dir.resolve("server.yaml");
        Files.writeString(config, "issuers:\n"
                + "  - iss: " + EHR + "\n"
                + "    jwks: " + new JWKSet(ecKey.toPublicJWK()) + "\n"
                + "    fhirServers: [" + ehrFhirServer() + "]\n"
                + "  - iss: " + OTHER_EHR + "\n"
                + "    jwksUrl: http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks.json\n"
                + "cors: { allowedOrigins: [https://sandbox.example.org] }\n"
                + "maxRequestBytes: 200000\n");
        sink = FeedbackSink.appendingTo(dir.resolve("feedback.jsonl"));
        CdsHooksService service = CdsHooksService.builder(CdsEngine.builder().build()).feedbackSink(sink).build();
        server = new CdsHooksServer(service, ServerSetup.of(config, false, Clock.systemUTC()), null).start("127.0.0.1", 0);
        base = server.baseUrl();
    }

    static String ehrFhirServer() {
        return "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/fhir";
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        jwksServer.stop(0);
        sink.close();
    }

    static String token(String issuer, String audience, Instant issued, Instant expires, String jti) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).issueTime(Date.from(issued))
                .expirationTime(Date.from(expires)).jwtID(jti).build();
        SignedJWT jwt;
        if (OTHER_EHR.equals(issuer)) {
            jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("rsa-1").type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(rsaKey));
        } else {
            jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("ec-1").type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(ecKey));
        }
        return jwt.serialize();
    }

    static String goodToken(String path) throws Exception {
        Instant now = Instant.now();
        return token(EHR, base + path, now, now.plusSeconds(120), UUID.randomUUID().toString());
    }

    static HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String orderSign() throws Exception {
        return CdsHooksRequests.fromBundle("ketamine-cds-order-sign", Files.readString(Path.of("examples/aneurysm.json")),
                UUID.randomUUID().toString(), "ketamine-plan");
    }

    static void assertRefused(HttpResponse<String> response, String reason) throws Exception {
        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.path("issue").get(0).path("code").asText()).isEqualTo("security");
        assertThat(outcome.path("issue").get(0).path("diagnostics").asText()).contains(reason);
    }

    @Test
    void discovery_validToken_listsServices() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/cds-services"))
                .header("Authorization", "Bearer " + goodToken("/cds-services")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("services")).hasSize(4);
    }

    @Test
    void call_validToken_criticalCardForAbsoluteContraindication() throws Exception {
        HttpResponse<String> response = post("/cds-services/ketamine-cds-order-sign",
                goodToken("/cds-services/ketamine-cds-order-sign"), orderSign());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode card = JSON.readTree(response.body()).path("cards").get(0);
        assertThat(card.path("indicator").asText()).isEqualTo("critical");
        assertThat(card.path("detail").asText()).contains("KET-CONTRA-001");
    }

    @Test
    void call_issuerWithJwksUrlAndRs384_accepted() throws Exception {
        Instant now = Instant.now();
        String token = token(OTHER_EHR, base + "/cds-services/ketamine-cds-order-sign", now, now.plusSeconds(60), "rs-1");

        assertThat(post("/cds-services/ketamine-cds-order-sign", token, orderSign()).statusCode()).isEqualTo(200);
    }

    @Test
    void call_expiredToken_401() throws Exception {
        Instant then = Instant.now().minusSeconds(600);
        String token = token(EHR, base + "/cds-services/ketamine-cds-order-sign", then, then.plusSeconds(120), "old-1");

        assertRefused(post("/cds-services/ketamine-cds-order-sign", token, orderSign()), "Expired");
    }

    @Test
    void call_tokenForAnotherAudience_401() throws Exception {
        String token = goodToken("/cds-services/ketamine-cds-patient-view"); // another service's URL

        assertRefused(post("/cds-services/ketamine-cds-order-sign", token, orderSign()), "audience");
    }

    @Test
    void call_algNoneToken_401() throws Exception {
        Instant now = Instant.now();
        String unsigned = new PlainJWT(new JWTClaimsSet.Builder().issuer(EHR).audience(base + "/cds-services/ketamine-cds-order-sign")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60))).jwtID("none-1").build()).serialize();

        assertRefused(post("/cds-services/ketamine-cds-order-sign", unsigned, orderSign()), "alg none");
    }

    @Test
    void call_hmacToken_401() throws Exception {
        Instant now = Instant.now();
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().issuer(EHR)
                .audience(base + "/cds-services/ketamine-cds-order-sign").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60))).jwtID("hs-1").build());
        hmac.sign(new MACSigner(new byte[32]));

        assertRefused(post("/cds-services/ketamine-cds-order-sign", hmac.serialize(), orderSign()), "HS256");
    }

    @Test
    void call_replayedJti_secondCall401() throws Exception {
        String token = goodToken("/cds-services/ketamine-cds-order-sign");

        assertThat(post("/cds-services/ketamine-cds-order-sign", token, orderSign()).statusCode()).isEqualTo(200);
        assertRefused(post("/cds-services/ketamine-cds-order-sign", token, orderSign()), "replayed");
    }

    @Test
    void call_untrustedIssuerOrNoToken_401() throws Exception {
        Instant now = Instant.now();
        String stranger = token("https://stranger.example.org", base + "/cds-services/ketamine-cds-order-sign", now,
                now.plusSeconds(60), "s-1");

        assertRefused(post("/cds-services/ketamine-cds-order-sign", stranger, orderSign()), "issuer not trusted");
        assertRefused(post("/cds-services/ketamine-cds-order-sign", null, orderSign()), "Bearer token");
    }

    @Test
    void call_badBodyOrTooLarge_operationOutcome400And413() throws Exception {
        HttpResponse<String> bad = post("/cds-services/ketamine-cds-order-sign", goodToken("/cds-services/ketamine-cds-order-sign"), "{oops");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        assertThat(JSON.readTree(bad.body()).path("issue").get(0).path("diagnostics").asText()).contains("not valid JSON");

        String huge = "{\"pad\":\"" + "x".repeat(300_000) + "\"}";
        HttpResponse<String> tooLarge = post("/cds-services/ketamine-cds-order-sign", goodToken("/cds-services/ketamine-cds-order-sign"), huge);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooLarge.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    @Test
    void call_missingPrefetchNoServer_412() throws Exception {
        String request = "{\"hook\":\"patient-view\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\"p\"}}";

        HttpResponse<String> response = post("/cds-services/ketamine-cds-patient-view",
                goodToken("/cds-services/ketamine-cds-patient-view"), request);

        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(JSON.readTree(response.body()).path("issue").get(0).path("code").asText()).isEqualTo("incomplete");
    }

    @Test
    void feedback_validToken_appendedToFile() throws Exception {
        String feedback = "{\"feedback\":[{\"card\":\"c-1\",\"outcome\":\"overridden\",\"overrideReason\":{\"reason\":"
                + "{\"system\":\"http://example.org/fhir/CodeSystem/ketamine-cds-override-reason\",\"code\":\"specialist-clearance\"}},"
                + "\"outcomeTimestamp\":\"2026-03-01T09:00:00Z\"}]}";

        HttpResponse<String> response = post("/cds-services/ketamine-cds-order-sign/feedback",
                goodToken("/cds-services/ketamine-cds-order-sign/feedback"), feedback);

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = Files.readAllLines(dir.resolve("feedback.jsonl"));
        assertThat(lines).anyMatch(l -> l.contains("\"card\":\"c-1\"") && l.contains("specialist-clearance"));
    }

    @Test
    void preflight_allowedOrigin_corsHeaders() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/cds-services/ketamine-cds-order-sign"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://sandbox.example.org")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://sandbox.example.org");
    }

    // --- hostile input: body size, token ids, Jetty-level errors, fetching ---------------------------------------

    /** A response read off a raw socket: what a client that does not behave gets back. */
    record RawResponse(int status, String headers, String body, long bodyBytesSent) {
    }

    /**
     * Sends {@code head} and then, on another thread, a chunked body of {@code bodyBytes} generated bytes (none when
     * negative): no Content-Length, so only the bytes read can tell the size. Reads the response meanwhile, then
     * waits for the writer: done, or stopped because the server hung up.
     */
    static RawResponse raw(String head, long bodyBytes) throws Exception {
        URI uri = URI.create(base);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(120_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    out.write("8\r\n{\"pad\":\"\r\n".getBytes(StandardCharsets.US_ASCII));
                    while (sent.get() < bodyBytes) {
                        out.write(chunk);
                        sent.addAndGet(0x10000);
                    }
                    out.write("2\r\n\"}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // the server stopped reading: what it should do past the limit
                }
            });
            if (bodyBytes >= 0) {
                writer.start();
            }
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            StringBuilder headers = new StringBuilder();
            for (String line; (line = readLine(in)) != null && !line.isEmpty(); ) {
                headers.append(line).append('\n');
            }
            int status = Integer.parseInt(headers.toString().split(" ")[1]);
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
            byte[] body = length.find() ? new byte[Integer.parseInt(length.group(1))] : new byte[0];
            in.readFully(body);
            writer.join(120_000); // a hang guard: a server that neither reads nor hangs up would stall the writer
            return new RawResponse(status, headers.toString(), new String(body, StandardCharsets.UTF_8), sent.get());
        }
    }

    private static String readLine(java.io.InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                return line.toString().stripTrailing();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    static String chunkedPost(String path, String token) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cds-services/ketamine-cds-order-sign", "/cds-services/ketamine-cds-order-sign/feedback"})
    void post_chunkedBodyOverTheLimit_413OperationOutcomeAndTheRestNotRead(String path) throws Exception {
        long gigabyte = 1L << 30; // against a 200,000-byte limit, generated as it is sent, without a Content-Length
        RawResponse response = raw(chunkedPost(path, goodToken(path)), gigabyte);

        assertThat(response.status()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).path("issue").get(0).path("code").asText()).isEqualTo("too-costly");
        assertThat(response.bodyBytesSent()).isLessThan(gigabyte); // the server hung up rather than read on
    }

    @Test
    void call_emptyJti_401() throws Exception {
        Instant now = Instant.now();
        String token = token(EHR, base + "/cds-services/ketamine-cds-order-sign", now, now.plusSeconds(60), "");

        assertRefused(post("/cds-services/ketamine-cds-order-sign", token, orderSign()), "jti");
    }

    @Test
    void request_headersTooLarge_431OperationOutcome() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/cds-services"))
                .header("X-Padding", "x".repeat(20_000)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(431);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        assertThat(JSON.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    @Test
    void request_unparseableHeader_400OperationOutcome() throws Exception {
        RawResponse response = raw("POST /cds-services/ketamine-cds-order-sign HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: twelve\r\n\r\n", -1);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers()).containsIgnoringCase("content-type: application/fhir+json");
        assertThat(JSON.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    /** A patient-view call with no prefetch at all, naming a FHIR server and an access token for it. */
    static String patientViewFetching(String fhirServer, String accessToken) {
        return "{\"hook\":\"patient-view\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\"p\"},"
                + "\"fhirServer\":\"" + fhirServer + "\","
                + "\"fhirAuthorization\":{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\"}}";
    }

    @Test
    void call_fhirServerConfiguredForTheIssuer_missingPrefetchFetchedWithTheToken() throws Exception {
        HttpResponse<String> response = post("/cds-services/ketamine-cds-patient-view",
                goodToken("/cds-services/ketamine-cds-patient-view"), patientViewFetching(ehrFhirServer(), "for-the-ehr"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(fetched).contains("Bearer for-the-ehr /fhir/Patient/p", "Bearer for-the-ehr /fhir/Condition");
    }

    @Test
    void call_fhirServerNotConfiguredForTheIssuer_412AndNothingFetched() throws Exception {
        Instant now = Instant.now();
        String otherEhrsToken = token(OTHER_EHR, base + "/cds-services/ketamine-cds-patient-view", now, now.plusSeconds(60),
                UUID.randomUUID().toString());

        // The same server, but listed for another issuer: this caller cannot point the service (and a token) at it.
        HttpResponse<String> response = post("/cds-services/ketamine-cds-patient-view", otherEhrsToken,
                patientViewFetching(ehrFhirServer(), "for-someone-else"));

        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(JSON.readTree(response.body()).path("issue").get(0).path("diagnostics").asText())
                .contains("no FHIR server is configured");
        assertThat(fetched).noneMatch(f -> f.contains("for-someone-else"));
    }

    // --- overload ----------------------------------------------------------------------------------------------

    @Test
    void calls_poolAndQueueFull_503WithRetryAfterAndTheOthersServed() throws Exception {
        Path config = dir.resolve("tiny.yaml");
        Files.writeString(config, "issuers:\n  - iss: " + EHR + "\n    jwks: " + new JWKSet(ecKey.toPublicJWK()) + "\n"
                + "maxConcurrentCalls: 1\nmaxQueuedCalls: 1\n");
        java.util.concurrent.CountDownLatch inSink = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        FeedbackSink stuck = feedback -> { // holds the one worker until released: saturation without timing
            inSink.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CdsHooksService service = CdsHooksService.builder(CdsEngine.builder().build()).feedbackSink(stuck).build();
        try (CdsHooksServer tiny = new CdsHooksServer(service, ServerSetup.of(config, false, Clock.systemUTC()), null)
                .start("127.0.0.1", 0)) {
            String path = "/cds-services/ketamine-cds-order-sign/feedback";
            String feedback = "{\"feedback\":[{\"card\":\"c\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-03-01T09:00:00Z\"}]}";
            java.util.function.Supplier<java.util.concurrent.CompletableFuture<HttpResponse<String>>> send = () -> {
                try {
                    Instant now = Instant.now();
                    return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(tiny.baseUrl() + path))
                            .header("Authorization", "Bearer " + token(EHR, tiny.baseUrl() + path, now, now.plusSeconds(60),
                                    UUID.randomUUID().toString()))
                            .POST(HttpRequest.BodyPublishers.ofString(feedback)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            var running = send.get();
            inSink.await(); // the one worker is busy now
            var second = send.get();
            var third = send.get();
            // One of the two waits in the one-place queue; the other finds pool and queue full. Which is which depends
            // on arrival order, not on timing.
            HttpResponse<String> refused = java.util.concurrent.CompletableFuture.anyOf(second, third)
                    .thenApply(r -> (HttpResponse<String>) r).get();
            release.countDown();

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(JSON.readTree(refused.body()).path("issue").get(0).path("diagnostics").asText()).contains("busy");
            assertThat(List.of(running.get(), second.get(), third.get())).extracting(HttpResponse::statusCode)
                    .containsExactlyInAnyOrder(200, 200, 503);
        }
    }
}
