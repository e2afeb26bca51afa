package org.ketaminecds.samples.cli.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ketaminecds.fhir.cdshooks.security.ReplayCache;

/**
 * Checks the JWT bearer token of a CDS Hooks call as the specification asks: signed with an asymmetric algorithm
 * (never {@code none}, never HMAC), by an allow-listed issuer whose keys verify it, for this endpoint ({@code aud}),
 * current ({@code exp}, {@code iat}), and used once ({@code jti}, non-blank). Each issuer has its own replay cache,
 * sized from the rate it may call at, so one issuer's flood never locks out another.
 */
public final class JwtVerifier {

    static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    static final long SKEW_SECONDS = 60;

    private final Map<String, Trusted> byIssuer = new HashMap<>();
    private final long maxLifetimeSeconds;
    private final Clock clock;

    JwtVerifier(List<ServerConfig.Issuer> issuers, long maxLifetimeSeconds, Clock clock) {
        this.maxLifetimeSeconds = maxLifetimeSeconds;
        this.clock = clock;
        for (ServerConfig.Issuer issuer : issuers) {
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ASYMMETRIC, keys(issuer)));
            DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null,
                    new JWTClaimsSet.Builder().issuer(issuer.iss()).build(), Set.of("iss", "aud", "exp", "iat", "jti"), null);
            claims.setMaxClockSkew((int) SKEW_SECONDS);
            processor.setJWTClaimsSetVerifier(claims);
            ReplayCache replays = new ReplayCache(Math.toIntExact(replayCapacity(issuer, maxLifetimeSeconds)));
            byIssuer.put(issuer.iss(), new Trusted(processor, replays));
        }
    }

    /** A trusted issuer: how its tokens are checked, and the ids its live tokens used. */
    private record Trusted(DefaultJWTProcessor<SecurityContext> processor, ReplayCache replays) {
    }

    /**
     * Every id the issuer's allowed rate can produce while an id must be kept: a token may be issued up to the skew
     * ahead, live its longest lifetime, and be kept the skew after it expires.
     */
    static long replayCapacity(ServerConfig.Issuer issuer, long maxLifetimeSeconds) {
        return issuer.maxCallsPerSecond() * (maxLifetimeSeconds + 2 * SKEW_SECONDS);
    }

    private static JWKSource<SecurityContext> keys(ServerConfig.Issuer issuer) {
        if (issuer.jwksUrl() != null) {
            try {
                return JWKSourceBuilder.create(URI.create(issuer.jwksUrl()).toURL()).retrying(true).build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("issuer " + issuer.iss() + ": jwksUrl is not a URL");
            }
        }
        try {
            JWKSet set = JWKSet.parse(issuer.jwks().toString());
            for (JWK key : set.getKeys()) {
                if (key.isPrivate()) {
                    throw new IllegalArgumentException("issuer " + issuer.iss() + ": key " + key.getKeyID()
                            + " is a private key; configure the public key only");
                }
            }
            return new ImmutableJWKSet<>(set);
        } catch (ParseException e) {
            throw new IllegalArgumentException("issuer " + issuer.iss() + ": jwks is not a JWK Set (" + e.getMessage() + ")");
        }
    }

    boolean hasIssuers() {
        return !byIssuer.isEmpty();
    }

    /**
     * @param authorization the Authorization header, or null
     * @param audience      the URL of the endpoint called
     * @return the issuer, when the token is good
     */
    String verify(String authorization, String audience) throws AuthException {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AuthException("a Bearer token (signed JWT) is required");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(authorization.substring(7).trim());
        } catch (ParseException e) {
            throw new AuthException("the bearer token is not a JWT");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new AuthException("unsigned tokens (alg none) are refused");
        }
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        if (!ASYMMETRIC.contains(alg)) {
            throw new AuthException("algorithm " + alg + " is refused: only RS*, PS* and ES* signatures are accepted");
        }
        String issuer;
        try {
            issuer = signed.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new AuthException("the token's claims are not readable");
        }
        Trusted trusted = issuer == null ? null : byIssuer.get(issuer);
        if (trusted == null) {
            throw new AuthException("issuer not trusted");
        }
        JWTClaimsSet claims;
        try {
            claims = trusted.processor().process(signed, null);
        } catch (BadJOSEException | JOSEException e) {
            throw new AuthException("token rejected: " + e.getMessage());
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            throw new AuthException("token audience is not this endpoint (" + audience + ")");
        }
        long now = clock.millis();
        Date iat = claims.getIssueTime();
        Date exp = claims.getExpirationTime();
        if (iat.getTime() > now + SKEW_SECONDS * 1000) {
            throw new AuthException("token issued in the future");
        }
        if (exp.getTime() - iat.getTime() > maxLifetimeSeconds * 1000) {
            throw new AuthException("token lifetime exceeds " + maxLifetimeSeconds + " s");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank()) {
            throw new AuthException("the token's jti is empty: a unique id is required to refuse replays");
        }
        try {
            Instant keepUntil = Instant.ofEpochMilli(exp.getTime() + SKEW_SECONDS * 1000);
            if (!trusted.replays().firstUse(jti, keepUntil, Instant.ofEpochMilli(now))) {
                throw new AuthException("token replayed (jti already used)");
            }
        } catch (ReplayCache.Full e) {
            throw AuthException.tooManyTokens("more live tokens from this issuer than its maxCallsPerSecond allows;"
                    + " retry shortly", e.retryAfter().toSeconds() + 1);
        }
        return issuer;
    }
}
