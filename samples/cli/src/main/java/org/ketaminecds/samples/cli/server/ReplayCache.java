package org.ketaminecds.samples.cli.server;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The jti values seen, until their tokens expire: bounded, so a flood cannot exhaust memory (it is refused instead). */
final class ReplayCache {

    private final int capacity;
    private final LinkedHashMap<String, Long> expiryById = new LinkedHashMap<>();

    ReplayCache(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Records a first use.
     *
     * @return false when the id was seen before and has not expired (a replay)
     * @throws AuthException when the cache is full of live ids
     */
    synchronized boolean firstUse(String id, long expiresAtMillis, long nowMillis) throws AuthException {
        Long seen = expiryById.get(id);
        if (seen != null && seen >= nowMillis) {
            return false;
        }
        if (expiryById.size() >= capacity) {
            for (Iterator<Map.Entry<String, Long>> it = expiryById.entrySet().iterator(); it.hasNext(); ) {
                if (it.next().getValue() < nowMillis) {
                    it.remove();
                }
            }
            if (expiryById.size() >= capacity) {
                throw new AuthException("too many live tokens to track replays; retry shortly");
            }
        }
        expiryById.put(id, expiresAtMillis);
        return true;
    }
}
