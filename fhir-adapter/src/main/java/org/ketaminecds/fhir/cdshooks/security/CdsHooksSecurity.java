package org.ketaminecds.fhir.cdshooks.security;

import ca.uhn.fhir.context.FhirContext;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.ketaminecds.fhir.cdshooks.PrefetchFetcher;

/**
 * The security of a CDS Hooks endpoint, for any host (the command-line server, a Spring MVC controller, a servlet):
 * who may call, and where missing prefetch may be fetched from. Per call:
 *
 * <pre>{@code
 * CdsHooksSecurity security = CdsHooksSecurity.builder()
 *         .trust(TrustedIssuer.withJwksUrl("https://ehr.example.org", "https://ehr.example.org/jwks.json",
 *                 List.of("https://ehr.example.org/fhir")))
 *         .build();
 * try {
 *     String issuer = security.verify(request.getHeader("Authorization"), baseUrl + "/cds-services/" + id);
 *     answer(cds.call(id, body, security.fetcherFor(issuer)).json());
 * } catch (TokenRefusedException e) {
 *     answer(e.status(), e.headers(), CdsHooksException.operationOutcomeJson(e.status(), e.getMessage()));
 * }
 * }</pre>
 *
 * <p>{@link #verify} checks the JWT bearer token as CDS Hooks 2.0 asks: signed with an asymmetric algorithm (never
 * {@code none}, never HMAC) by a trusted issuer whose keys verify it, for this endpoint ({@code aud}), current
 * ({@code exp}, {@code iat}, 60 s of skew, at most the maximum lifetime apart), and used once ({@code jti}, through the
 * {@link ReplayStore}). {@link #fetcherFor} fetches only from the issuer's FHIR servers ({@link FhirServerAllowList}).
 * What stays the host's: TLS, the request body's size, concurrency, and what it logs (never the token).
 *
 * <p>Thread-safe; build one per host.
 */
public final class CdsHooksSecurity {

    static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    static final long SKEW_SECONDS = 60;
    public static final Duration DEFAULT_MAX_TOKEN_LIFETIME = Duration.ofMinutes(5);

    private final Map<String, DefaultJWTProcessor<SecurityContext>> byIssuer = new HashMap<>();
    private final long maxLifetimeSeconds;
    private final Clock clock;
    private final ReplayStore replays;
    private final FhirServerAllowList fhirServers;

    private CdsHooksSecurity(Builder b) {
        this.maxLifetimeSeconds = b.maxTokenLifetime.toSeconds();
        this.clock = b.clock;
        Map<String, Integer> capacities = new HashMap<>();
        for (TrustedIssuer issuer : b.issuers) {
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ASYMMETRIC, keys(issuer)));
            DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null,
                    new JWTClaimsSet.Builder().issuer(issuer.iss()).build(), Set.of("iss", "aud", "exp", "iat", "jti"), null);
            claims.setMaxClockSkew((int) SKEW_SECONDS);
            processor.setJWTClaimsSetVerifier(claims);
            byIssuer.put(issuer.iss(), processor);
            capacities.put(issuer.iss(), Math.toIntExact(replayCapacity(issuer.maxCallsPerSecond(), b.maxTokenLifetime)));
        }
        this.replays = b.replays != null ? b.replays : ReplayStore.inMemory(capacities);
        this.fhirServers = b.servers.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The token ids an issuer's allowed rate can produce while an id must be kept: a token may be issued up to the
     * skew ahead, live its longest lifetime, and be kept the skew after it expires. The in-memory replay store keeps
     * this many per issuer.
     */
    public static long replayCapacity(int maxCallsPerSecond, Duration maxTokenLifetime) {
        return maxCallsPerSecond * (maxTokenLifetime.toSeconds() + 2 * SKEW_SECONDS);
    }

    private static JWKSource<SecurityContext> keys(TrustedIssuer issuer) {
        if (issuer.jwksUrl() != null) {
            try {
                return JWKSourceBuilder.create(URI.create(issuer.jwksUrl()).toURL()).retrying(true).build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("issuer " + issuer.iss() + ": jwksUrl is not a URL");
            }
        }
        try {
            JWKSet set = JWKSet.parse(issuer.jwks());
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

    /**
     * Checks a call's token, and records its id so that it is not accepted again.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param audiences     the URL called, as the token's {@code aud} must name it; more than one when the endpoint
     *                      has several names (a feedback URL with or without its service's)
     * @return the verified token's issuer, for {@link #fetcherFor}
     * @throws TokenRefusedException 401, or 429 when the issuer has more live tokens than the replay store keeps
     */
    public String verify(String authorization, String... audiences) throws TokenRefusedException {
        if (audiences.length == 0) {
            throw new IllegalArgumentException("verify needs the URL called: a token is good for its audience only");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new TokenRefusedException("a Bearer token (signed JWT) is required");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(authorization.substring(7).trim());
        } catch (ParseException e) {
            throw new TokenRefusedException("the bearer token is not a JWT");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new TokenRefusedException("unsigned tokens (alg none) are refused");
        }
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        if (!ASYMMETRIC.contains(alg)) {
            throw new TokenRefusedException("algorithm " + alg + " is refused: only RS*, PS* and ES* signatures are accepted");
        }
        String issuer;
        try {
            issuer = signed.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new TokenRefusedException("the token's claims are not readable");
        }
        DefaultJWTProcessor<SecurityContext> processor = issuer == null ? null : byIssuer.get(issuer);
        if (processor == null) {
            throw new TokenRefusedException("issuer not trusted");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(signed, null);
        } catch (BadJOSEException | JOSEException e) {
            throw new TokenRefusedException("token rejected: " + e.getMessage());
        }
        if (claims.getAudience() == null || List.of(audiences).stream().noneMatch(claims.getAudience()::contains)) {
            throw new TokenRefusedException("token audience is not this endpoint (" + audiences[0] + ")");
        }
        long now = clock.millis();
        Date iat = claims.getIssueTime();
        Date exp = claims.getExpirationTime();
        if (iat.getTime() > now + SKEW_SECONDS * 1000) {
            throw new TokenRefusedException("token issued in the future");
        }
        if (exp.getTime() - iat.getTime() > maxLifetimeSeconds * 1000) {
            throw new TokenRefusedException("token lifetime exceeds " + maxLifetimeSeconds + " s");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank()) {
            throw new TokenRefusedException("the token's jti is empty: a unique id is required to refuse replays");
        }
        try {
            Instant keepUntil = Instant.ofEpochMilli(exp.getTime() + SKEW_SECONDS * 1000);
            if (!replays.firstUse(issuer, jti, keepUntil, Instant.ofEpochMilli(now))) {
                throw new TokenRefusedException("token replayed (jti already used)");
            }
        } catch (ReplayStore.Full e) {
            throw TokenRefusedException.tooManyTokens("more live tokens from this issuer than its maxCallsPerSecond allows;"
                    + " retry shortly", e.retryAfter().toSeconds() + 1);
        }
        return issuer;
    }

    /**
     * The fetcher for one call made with a token of this issuer: make it when the call starts (its deadline runs from
     * then) and pass it to {@code CdsHooksService.call}.
     *
     * @param issuer what {@link #verify} returned
     */
    public PrefetchFetcher fetcherFor(String issuer) {
        return fhirServers.fetcherFor(issuer);
    }

    /** The trusted issuers, the token and replay settings, and the limits and plumbing of fetching. */
    public static final class Builder {
        private final List<TrustedIssuer> issuers = new ArrayList<>();
        private final FhirServerAllowList.Builder servers = FhirServerAllowList.builder();
        private Duration maxTokenLifetime = DEFAULT_MAX_TOKEN_LIFETIME;
        private Clock clock = Clock.systemUTC();
        private ReplayStore replays;

        private Builder() {
        }

        /**
         * Trusts an issuer's tokens, and lets its calls fetch from its FHIR servers.
         *
         * @throws IllegalArgumentException naming the issuer or the server when its keys or servers are unusable
         */
        public Builder trust(TrustedIssuer issuer) {
            if (issuers.stream().anyMatch(i -> i.iss().equals(issuer.iss()))) {
                throw new IllegalArgumentException("issuer " + issuer.iss() + " is listed twice");
            }
            keys(issuer); // refused now, not at the first call
            try {
                servers.allow(issuer.iss(), issuer.fhirServers());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("issuer " + issuer.iss() + ": fhirServers: " + e.getMessage());
            }
            issuers.add(issuer);
            return this;
        }

        /** The longest a token may live, {@code exp - iat} (default 5 minutes). */
        public Builder maxTokenLifetime(Duration maxTokenLifetime) {
            if (maxTokenLifetime.toSeconds() < 1) {
                throw new IllegalArgumentException("the maximum token lifetime must be at least 1 s");
            }
            this.maxTokenLifetime = maxTokenLifetime;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where used token ids are kept (default: {@link ReplayStore#inMemory}, each issuer's part sized by
         * {@link #replayCapacity}). Give a shared store when several instances serve the same clients.
         */
        public Builder replayStore(ReplayStore replays) {
            this.replays = Objects.requireNonNull(replays, "replays");
            return this;
        }

        /** The longest one call may spend fetching missing prefetch, retries included (default 10 s). */
        public Builder fetchTimeout(Duration timeout) {
            servers.timeout(timeout);
            return this;
        }

        /** The most responses one call may fetch (default 50). */
        public Builder maxFetchPages(int maxPages) {
            servers.maxPages(maxPages);
            return this;
        }

        /** The most response bytes one call may fetch (default 20,000,000). */
        public Builder maxFetchBytes(long maxBytes) {
            servers.maxBytes(maxBytes);
            return this;
        }

        /** The host's HTTP client for fetching: see {@link FhirTransport}. */
        public Builder fhirTransport(FhirTransport transport) {
            servers.transport(transport);
            return this;
        }

        /** The host's R4 {@link FhirContext}, to parse what is fetched. */
        public Builder fhirContext(FhirContext fhir) {
            servers.fhirContext(fhir);
            return this;
        }

        /** @throws IllegalArgumentException when no issuer is trusted: nobody could call */
        public CdsHooksSecurity build() {
            if (issuers.isEmpty()) {
                throw new IllegalArgumentException("no trusted issuers: nobody could call; trust at least one");
            }
            return new CdsHooksSecurity(this);
        }
    }
}
