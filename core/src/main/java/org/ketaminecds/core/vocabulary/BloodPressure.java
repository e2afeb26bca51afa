package org.ketaminecds.core.vocabulary;

import java.time.Instant;
import java.util.List;

/**
 * One blood pressure reading: a 85354-9 panel, a systolic and a diastolic with the same time to the minute, or an
 * unpaired systolic or diastolic (knowledge-base §2.5: it counts for its own component only; see
 * {@link LatestBloodPressure}). A component that was implausible or in a unit not convertible to mm[Hg] is
 * {@code null} here (and reported by KET-MON-020).
 *
 * @param evidence  the Observation ids it was read from (of a pair: the systolic's, then the diastolic's)
 * @param effective when it was measured
 * @param issued    when it was issued (of a pair: the later one), or {@code null}
 * @param systolic  mmHg, or {@code null}
 * @param diastolic mmHg, or {@code null}
 */
public record BloodPressure(List<String> evidence, Instant effective, Instant issued, Double systolic, Double diastolic)
        implements Timed {

    public BloodPressure {
        evidence = List.copyOf(evidence);
    }

    /** Both components present in this one reading. */
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

    /** "152/96 mmHg", or "diastolic 94 mmHg (no systolic)", for wording. */
    public String display() {
        return display(systolic, diastolic);
    }

    static String display(Double systolic, Double diastolic) {
        if (systolic != null && diastolic != null) {
            return format(systolic) + "/" + format(diastolic) + " mmHg";
        }
        if (systolic != null) {
            return "systolic " + format(systolic) + " mmHg (no diastolic)";
        }
        return diastolic != null ? "diastolic " + format(diastolic) + " mmHg (no systolic)" : "no BP";
    }

    /** To one decimal: a value converted from kPa is not shown with 13 digits. */
    static String format(Double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
    }
}
