package org.ketaminecds.samples.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The token check without HTTP: replay caches per issuer. */
class JwtVerifierTest {

    static final String BUSY = "https://busy-ehr.example.org";
    static final String QUIET = "https://quiet-ehr.example.org";
    static final String AUDIENCE = "https://cds.example.org/cds-services/ketamine-cds-order-sign";
    static ECKey key;

    @BeforeAll
    static void key() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
    }

    static ServerConfig.Issuer issuer(String iss, Integer maxCallsPerSecond) throws Exception {
        return new ServerConfig.Issuer(iss, null, new ObjectMapper().readTree(new JWKSet(key.toPublicJWK()).toString()),
                null, maxCallsPerSecond);
    }

    static String bearer(String issuer) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k").type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(1))).jwtID(UUID.randomUUID().toString()).build());
        jwt.sign(new ECDSASigner(key));
        return "Bearer " + jwt.serialize();
    }

    @Test
    void verify_oneIssuerFillsItsReplayCache_429ForItOtherIssuerStillAccepted() throws Exception {
        // 1 call/s with 1-s tokens: 1 x (1 + 120 s of skew) = 121 live ids for the busy issuer
        JwtVerifier verifier = new JwtVerifier(List.of(issuer(BUSY, 1), issuer(QUIET, 1)), 1, Clock.systemUTC());
        for (int i = 0; i < 121; i++) {
            verifier.verify(bearer(BUSY), AUDIENCE);
        }

        assertThatThrownBy(() -> verifier.verify(bearer(BUSY), AUDIENCE))
                .isInstanceOfSatisfying(AuthException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfterSeconds()).isPositive();
                    assertThat(e.getMessage()).contains("maxCallsPerSecond");
                });
        assertThat(verifier.verify(bearer(QUIET), AUDIENCE)).isEqualTo(QUIET);
    }

    @Test
    void replayCapacity_default_everyIdTheAllowedRateMakesWhileItMustBeKept() throws Exception {
        // 200 calls/s for 300 s of lifetime plus 2 x 60 s of skew
        assertThat(JwtVerifier.replayCapacity(issuer(BUSY, null), 300)).isEqualTo(84_000);
    }
}
