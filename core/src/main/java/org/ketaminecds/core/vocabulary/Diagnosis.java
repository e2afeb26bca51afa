package org.ketaminecds.core.vocabulary;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * A condition that counts (refuted and entered-in-error ones are already gone).
 *
 * @param id          {@code Condition/<id>}
 * @param concepts    value-set concepts of its codes
 * @param text        its text and code displays, for the few rules that need a free-text confirmation
 * @param active      clinicalStatus active/recurrence/relapse, or no status and not abated by asOf
 * @param provisional verificationStatus provisional or differential ("suspected")
 * @param onset       onset, or {@code null}
 */
public record Diagnosis(String id, Set<String> concepts, String text, boolean active, boolean provisional,
                        Instant onset) implements Coded, Timed {

    @Override
    public Instant effective() {
        return onset;
    }

    /** True when its text or a code display mentions the word (case-insensitive). */
    public boolean mentions(String word) {
        return text.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT));
    }
}
