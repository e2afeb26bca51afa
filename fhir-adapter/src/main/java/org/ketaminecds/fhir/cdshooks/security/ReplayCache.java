package org.ketaminecds.fhir.cdshooks.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The token ids ({@code jti}) one issuer has used, each kept until its token expires: one issuer's part of
 * {@link ReplayStore#inMemory}. Keep one per issuer: a flood from one issuer then never locks out another.
 *
 * <p>Bounded: when the issuer has {@code capacity} live ids, its new tokens are refused ({@link ReplayStore.Full}, with the time
 * until the oldest expires) rather than an old id forgotten, which would let that token be replayed. Size it from
 * the rate the issuer may call at times how long an id must be kept. Ids longer than 64 characters are kept as their
 * SHA-256, so memory per id is bounded whatever the caller sends. Thread-safe.
 */
final class ReplayCache {

    private static final int LONGEST_KEPT_AS_IS = 64;

    private final int capacity;
    private final Set<String> live = new HashSet<>();
    private final PriorityQueue<Use> byExpiry = new PriorityQueue<>(Comparator.comparing(Use::expiresAt));

    private record Use(String id, Instant expiresAt) {
    }

    /** @param capacity the most live ids kept (at least 1) */
    ReplayCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a replay cache needs room for at least one token id");
        }
        this.capacity = capacity;
    }

    /**
     * Records a token's use.
     *
     * @param jti       the token's id; never blank (refuse such tokens before)
     * @param expiresAt until when the id is kept: the token's expiry plus the clock skew allowed
     * @return false when the id is live already: the token is replayed
     * @throws ReplayStore.Full when this issuer has as many live ids as the cache holds
     */
    synchronized boolean firstUse(String jti, Instant expiresAt, Instant now) throws ReplayStore.Full {
        if (jti == null || jti.isBlank()) {
            throw new IllegalArgumentException("a token without a jti cannot be checked for replay");
        }
        while (!byExpiry.isEmpty() && byExpiry.peek().expiresAt().isBefore(now)) {
            live.remove(byExpiry.poll().id());
        }
        String id = jti.length() <= LONGEST_KEPT_AS_IS ? jti : sha256(jti);
        if (live.contains(id)) {
            return false;
        }
        if (live.size() >= capacity) {
            throw new ReplayStore.Full(Duration.between(now, byExpiry.peek().expiresAt()));
        }
        live.add(id);
        byExpiry.add(new Use(id, expiresAt));
        return true;
    }

    private static String sha256(String s) {
        try {
            return "sha256:" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
