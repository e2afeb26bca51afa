package org.ketaminecds.fhir.cdshooks.security;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The token ids ({@code jti}) each issuer has used, each kept until its token expires, so that a token is accepted
 * once. {@link CdsHooksSecurity} asks it once per verified token, after the signature, audience and lifetime checks.
 *
 * <p>The default, {@link #inMemory}, lives in one process. When several instances of a host run behind a load
 * balancer, each would keep its own ids and a captured token could be used once per instance: give every instance the
 * same shared store instead, for example Redis with {@code SET <issuer>:<jti> 1 NX PXAT <keepUntil millis>}, which
 * records the id and answers whether it was new in one atomic step, and expires it by itself. Keep the ids per issuer
 * (a prefix), bound what one issuer may fill, and refuse ({@link Full}) rather than forget a live id: a forgotten id
 * lets its token be replayed. Hash ids that are long (the caller chooses them) to bound the memory per id.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface ReplayStore {

    /**
     * Records a token's use.
     *
     * @param issuer    the verified token's issuer
     * @param jti       the token's id; never blank
     * @param keepUntil until when the id must be kept: the token's expiry plus the clock skew allowed
     * @param now       the verifier's clock
     * @return false when the id is live already: the token is replayed
     * @throws Full when the issuer has as many live ids as the store keeps for it
     */
    boolean firstUse(String issuer, String jti, Instant keepUntil, Instant now) throws Full;

    /**
     * A bounded cache per issuer in this process: when an issuer has its capacity of live ids its new tokens are
     * refused ({@link Full}) until the oldest expires, and other issuers are not affected. Ids over 64 characters are
     * kept as their SHA-256.
     *
     * @param capacityByIssuer the most live ids kept for each issuer (at least 1); other issuers are refused
     */
    static ReplayStore inMemory(Map<String, Integer> capacityByIssuer) {
        Map<String, ReplayCache> caches = new HashMap<>();
        capacityByIssuer.forEach((issuer, capacity) -> caches.put(issuer, new ReplayCache(capacity)));
        return (issuer, jti, keepUntil, now) -> {
            ReplayCache cache = caches.get(issuer);
            if (cache == null) {
                throw new IllegalArgumentException("no replay cache for issuer " + issuer + ": it is not a trusted issuer");
            }
            return cache.firstUse(jti, keepUntil, now);
        };
    }

    /** The issuer has as many live token ids as the store keeps: its calls are refused until the oldest expires. */
    final class Full extends Exception {
        private static final long serialVersionUID = 1L;
        private final Duration retryAfter;

        public Full(Duration retryAfter) {
            super("too many live tokens from this issuer to check them for replay");
            this.retryAfter = retryAfter.isNegative() ? Duration.ZERO : retryAfter;
        }

        /** How long until room frees up. */
        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
