package org.ketaminecds.fhir.bulk;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The first pass's shared resources (see {@link SharedResources}), kept up to a budget of characters with an
 * answer that does not depend on the order the threads offer them in: of each {@code Type/id} the first in export
 * order, and of those the longest run in export order that fits the budget. Thread-safe.
 */
final class SharedCandidates {

    private record Candidate(String reference, String line) {
    }

    private final long budget;
    /** By place in the export ({@link Spill#order}). */
    private final TreeMap<Long, Candidate> kept = new TreeMap<>();
    private final Map<String, Long> placeOf = new HashMap<>();
    private long chars;
    /** Nothing at or after this place can be kept: something before it did not fit. */
    private long cutoff = Long.MAX_VALUE;
    private long offered;

    SharedCandidates(long budget) {
        this.budget = budget;
    }

    synchronized void offer(long order, String reference, String line) {
        offered++;
        if (order >= cutoff) {
            return;
        }
        Long earlier = placeOf.get(reference);
        if (earlier != null) {
            if (earlier < order) {
                return; // a later copy of one we have
            }
            chars -= kept.remove(earlier).line().length();
        }
        kept.put(order, new Candidate(reference, line));
        placeOf.put(reference, order);
        chars += line.length();
        while (chars > budget) {
            Map.Entry<Long, Candidate> last = kept.pollLastEntry();
            placeOf.remove(last.getValue().reference());
            chars -= last.getValue().line().length();
            cutoff = last.getKey();
        }
    }

    /** How many were offered, kept or not. */
    synchronized long offered() {
        return offered;
    }

    /** {@code Type/id} -> line of those kept, in export order. */
    synchronized Map<String, String> kept() {
        Map<String, String> byReference = new LinkedHashMap<>();
        kept.values().forEach(c -> byReference.put(c.reference(), c.line()));
        return byReference;
    }
}
