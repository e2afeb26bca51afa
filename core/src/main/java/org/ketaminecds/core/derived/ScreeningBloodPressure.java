package org.ketaminecds.core.derived;

import java.util.Collection;
import java.util.List;
import org.ketaminecds.core.vocabulary.LatestBloodPressure;

/**
 * The screening blood pressure: the latest systolic and the latest diastolic within SCREENING_BP_MAX_AGE, each from
 * a panel, a pair or an unpaired component (knowledge-base §2.5, {@link LatestBloodPressure}). KET-CONTRA-007 judges
 * it against the BP tiers; KET-CAND-012 asks whether the work-up has one.
 *
 * @param latest the latest of each component among the readings of the window
 */
public record ScreeningBloodPressure(LatestBloodPressure latest) {

    /** From the blood pressures of the screening window. */
    public static ScreeningBloodPressure of(Collection<?> readingsInWindow) {
        return new ScreeningBloodPressure(LatestBloodPressure.of(readingsInWindow));
    }

    /** True when the systolic is above {@code sbp} or the diastolic above {@code dbp} (strictly). */
    public boolean above(double sbp, double dbp) {
        return latest.above(sbp, dbp);
    }

    /** Both components known. */
    public boolean complete() {
        return latest.complete();
    }

    /** Neither component known: no BP in the window at all. */
    public boolean isEmpty() {
        return latest.isEmpty();
    }

    /** The component not known: "systolic", "diastolic", "systolic and diastolic", or {@code null} when complete. */
    public String missing() {
        return latest.missing();
    }

    /** The one component known when the other is missing: "systolic" or "diastolic"; else {@code null}. */
    public String known() {
        if (complete() || isEmpty()) {
            return null;
        }
        return latest.systolic() != null ? "systolic" : "diastolic";
    }

    /** The value of the {@link #known()} component in mmHg, to one decimal; {@code null} without one. */
    public String knownValue() {
        if (complete() || isEmpty()) {
            return null;
        }
        return ClinicalText.rounded(latest.systolic() != null ? latest.systolic() : latest.diastolic(), 1);
    }

    /** "128/96 mmHg", or "diastolic 94 mmHg (no systolic)". */
    public String display() {
        return latest.display();
    }

    /** The Observation ids the components were read from. */
    public List<String> evidence() {
        return latest.evidence();
    }
}
