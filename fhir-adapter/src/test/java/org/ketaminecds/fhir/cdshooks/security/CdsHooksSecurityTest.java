package org.ketaminecds.fhir.cdshooks.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ketaminecds.fhir.cdshooks.FhirServerAccess;
import org.ketaminecds.fhir.cdshooks.PrefetchFetcher.FetchException;

/** The token checks without HTTP, as every host gets them. */
class CdsHooksSecurityTest {

    static final String BUSY = "https://busy-ehr.example.org";
    static final String QUIET = "https://quiet-ehr.example.org";
    static final String AUDIENCE = "https://cds.example.org/cds-services/ketamine-cds-order-sign";
    static ECKey key;

    @BeforeAll
    static void key() throws Exception {
        key = new ECKeyGenerator(Curve.P_384).keyID("k").generate();
    }

    static TrustedIssuer issuer(String iss, int maxCallsPerSecond) {
        return new TrustedIssuer(iss, null, new JWKSet(key.toPublicJWK()).toString(), null, maxCallsPerSecond);
    }

    static JWTClaimsSet.Builder claims(String issuer, String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).audience(audience).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(1))).jwtID(UUID.randomUUID().toString());
    }

    static String bearer(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("k").type(JOSEObjectType.JWT).build(),
                claims);
        jwt.sign(new ECDSASigner(key));
        return "Bearer " + jwt.serialize();
    }

    static String bearer(String issuer) throws Exception {
        return bearer(claims(issuer, AUDIENCE).build());
    }

    private static CdsHooksSecurity trusting(TrustedIssuer... issuers) {
        CdsHooksSecurity.Builder builder = CdsHooksSecurity.builder().maxTokenLifetime(Duration.ofSeconds(1));
        for (TrustedIssuer issuer : issuers) {
            builder.trust(issuer);
        }
        return builder.build();
    }

    private static void assertRefused(CdsHooksSecurity security, String authorization, String reason) {
        assertThatThrownBy(() -> security.verify(authorization, AUDIENCE))
                .isInstanceOfSatisfying(TokenRefusedException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.headers()).containsEntry("WWW-Authenticate", "Bearer");
                })
                .hasMessageContaining(reason);
    }

    @Test
    void verify_goodToken_issuerOnce_thenReplayRefused() throws Exception {
        CdsHooksSecurity security = trusting(issuer(QUIET, 1));
        String token = bearer(QUIET);

        assertThat(security.verify(token, AUDIENCE)).isEqualTo(QUIET);
        assertRefused(security, token, "replayed");
    }

    @Test
    void verify_badTokens_401WithTheReason() throws Exception {
        CdsHooksSecurity security = trusting(issuer(QUIET, 1));
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(QUIET, AUDIENCE).build());
        hmac.sign(new MACSigner(new byte[32]));

        assertRefused(security, null, "Bearer token");
        assertRefused(security, "Bearer not-a-jwt", "not a JWT");
        assertRefused(security, "Bearer " + new PlainJWT(claims(QUIET, AUDIENCE).build()).serialize(), "alg none");
        assertRefused(security, "Bearer " + hmac.serialize(), "HS256 is refused");
        assertRefused(security, bearer("https://stranger.example.org"), "issuer not trusted");
        assertRefused(security, bearer(claims(QUIET, "https://elsewhere.example.org").build()), "audience");
        assertRefused(security, bearer(claims(QUIET, AUDIENCE).jwtID(" ").build()), "jti is empty");
        Instant now = Instant.now();
        assertRefused(security, bearer(claims(QUIET, AUDIENCE).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(30))).build()), "lifetime exceeds 1 s");
    }

    @Test
    void verify_endpointWithTwoNames_eitherAudienceAccepted() throws Exception {
        CdsHooksSecurity security = trusting(issuer(QUIET, 1));
        String feedback = AUDIENCE + "/feedback";

        assertThat(security.verify(bearer(claims(QUIET, feedback).build()), AUDIENCE, feedback)).isEqualTo(QUIET);
        assertThat(security.verify(bearer(claims(QUIET, AUDIENCE).build()), AUDIENCE, feedback)).isEqualTo(QUIET);
    }

    @Test
    void verify_oneIssuerFillsItsReplayCache_429ForItOtherIssuerStillAccepted() throws Exception {
        // 1 call/s with 1-s tokens: 1 x (1 + 120 s of skew) = 121 live ids for the busy issuer
        CdsHooksSecurity security = trusting(issuer(BUSY, 1), issuer(QUIET, 1));
        for (int i = 0; i < 121; i++) {
            security.verify(bearer(BUSY), AUDIENCE);
        }

        assertThatThrownBy(() -> security.verify(bearer(BUSY), AUDIENCE))
                .isInstanceOfSatisfying(TokenRefusedException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfterSeconds()).isPositive();
                    assertThat(e.headers()).containsKey("Retry-After");
                    assertThat(e.getMessage()).contains("maxCallsPerSecond");
                });
        assertThat(security.verify(bearer(QUIET), AUDIENCE)).isEqualTo(QUIET);
    }

    @Test
    void replayStore_sharedByTwoInstances_tokenUsedOnOneRefusedOnTheOther() throws Exception {
        Map<String, Instant> shared = new ConcurrentHashMap<>(); // what a Redis SET NX would be
        ReplayStore store = (issuer, jti, keepUntil, now) -> shared.putIfAbsent(issuer + ":" + jti, keepUntil) == null;
        CdsHooksSecurity first = CdsHooksSecurity.builder().trust(issuer(QUIET, 1)).replayStore(store).build();
        CdsHooksSecurity second = CdsHooksSecurity.builder().trust(issuer(QUIET, 1)).replayStore(store).build();
        String token = bearer(QUIET);

        assertThat(first.verify(token, AUDIENCE)).isEqualTo(QUIET);
        assertRefused(second, token, "replayed");
    }

    @Test
    void replayCapacity_default_everyIdTheAllowedRateMakesWhileItMustBeKept() {
        // 200 calls/s for 300 s of lifetime plus 2 x 60 s of skew
        assertThat(CdsHooksSecurity.replayCapacity(TrustedIssuer.DEFAULT_MAX_CALLS_PER_SECOND,
                CdsHooksSecurity.DEFAULT_MAX_TOKEN_LIFETIME)).isEqualTo(84_000);
    }

    @Test
    void trust_unusableIssuers_refusedNamingThem() throws Exception {
        String privateKey = new JWKSet(key).toString(false);

        assertThatThrownBy(() -> CdsHooksSecurity.builder().trust(TrustedIssuer.withJwks(QUIET, privateKey, List.of())))
                .hasMessageContaining(QUIET).hasMessageContaining("private key");
        assertThatThrownBy(() -> CdsHooksSecurity.builder().trust(TrustedIssuer.withJwks(QUIET, "{", List.of())))
                .hasMessageContaining("jwks is not a JWK Set");
        assertThatThrownBy(() -> new TrustedIssuer(QUIET, "https://ehr.example.org/jwks", "{}", List.of(), 1))
                .hasMessageContaining("exactly one of 'jwksUrl' and 'jwks'");
        assertThatThrownBy(() -> CdsHooksSecurity.builder().trust(TrustedIssuer.withJwksUrl(QUIET,
                "https://ehr.example.org/jwks", List.of("http://ehr.example.org/fhir")))).hasMessageContaining("use https");
        assertThatThrownBy(() -> CdsHooksSecurity.builder().build()).hasMessageContaining("no trusted issuers");
    }

    @Test
    void fetcherFor_issuerWithoutServers_fetchesNothing() {
        CdsHooksSecurity security = trusting(issuer(QUIET, 1));

        assertThatThrownBy(() -> security.fetcherFor(QUIET).fetch(new FhirServerAccess("https://ehr.example.org/fhir", "t"),
                "Patient/p")).isInstanceOf(FetchException.class).hasMessageContaining("no FHIR server is configured");
    }
}
