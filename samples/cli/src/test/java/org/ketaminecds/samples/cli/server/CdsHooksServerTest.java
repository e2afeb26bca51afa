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
    static HttpServer jwksServer;
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
        jwksServer.start();
        Path config = dir.resolve("server.yaml");
        Files.writeString(config, "issuers:\n"
                + "  - iss: " + EHR + "\n"
                + "    jwks: " + new JWKSet(ecKey.toPublicJWK()) + "\n"
                + "  - iss: " + OTHER_EHR + "\n"
                + "    jwksUrl: http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks.json\n"
                + "cors: { allowedOrigins: [https://sandbox.example.org] }\n"
                + "maxRequestBytes: 200000\n");
        sink = FeedbackSink.appendingTo(dir.resolve("feedback.jsonl"));
        CdsHooksService service = CdsHooksService.builder(CdsEngine.builder().build()).feedbackSink(sink).build();
        server = new CdsHooksServer(service, ServerSetup.of(config, false, Clock.systemUTC()), null).start("127.0.0.1", 0);
        base = server.baseUrl();
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
}
