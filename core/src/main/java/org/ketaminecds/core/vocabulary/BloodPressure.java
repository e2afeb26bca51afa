package org.ketaminecds.core.vocabulary;

import java.time.Instant;
import java.util.List;

/**
 * One blood pressure reading: a 85354-9 panel, or a systolic and a diastolic with the same time to the minute.
 * A component that was implausible or in a wrong unit is {@code null} here (and reported by KET-MON-020).
 *
 * @param evidence  the Observation ids it was read from
 * @param effective when it was measured
 * @param systolic  mmHg, or {@code null}
 * @param diastolic mmHg, or {@code null}
 */
public record BloodPressure(List<String> evidence, Instant effective, Double systolic, Double diastolic)
        implements Timed {

    /** Both components present: a reading that can clear a dose. */
    public boolean complete() {
        return systolic != null && diastolic != null;
    }

    /** True when systolic is above {@code sbp} or diastolic above {@code dbp} (strictly). */
    public boolean above(double sbp, double dbp) {
        return (systolic != null && systolic > sbp) || (diastolic != null && diastolic > dbp);
    }

    /** True when systolic is at least {@code sbp} or diastolic at least {@code dbp}. */
    public boolean atLeast(double sbp, double dbp) {
        return (systolic != null && systolic >= sbp) || (diastolic != null && diastolic >= dbp);
    }

    /** "152/96 mmHg", for wording. */
    public String display() {
        return format(systolic) + "/" + format(diastolic) + " mmHg";
    }

    private static String format(Double v) {
        if (v == null) {
            return "?";
        }
        return v == Math.rint(v) ? String.valueOf(v.longValue()) : String.valueOf(v);
    }
}
