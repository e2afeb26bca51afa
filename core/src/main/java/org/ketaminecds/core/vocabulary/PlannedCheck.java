package org.ketaminecds.core.vocabulary;

import java.time.Instant;
import java.util.Objects;

/**
 * A monitoring requirement a rule puts on the plan: what to do and when, so a host can schedule it.
 *
 * <pre>
 * insert(new PlannedCheck("KET-MON-001", "BP before dosing", "VS-BP", $from, $e.t0()));
 * </pre>
 *
 * @param ruleId   the rule that asks for it
 * @param what     what to do, in clinical words
 * @param concept  the concept of what is measured ({@code VS-BP}, {@code LOCAL#moaas-score}); the plan shows a code of it
 * @param dueStart start of the window in which it is due
 * @param dueEnd   end of that window
 */
public record PlannedCheck(String ruleId, String what, String concept, Instant dueStart, Instant dueEnd) {
    public PlannedCheck {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(what, "what");
    }
}
