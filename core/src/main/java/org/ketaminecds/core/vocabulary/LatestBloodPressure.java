package org.ketaminecds.core.vocabulary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The latest value of each BP component among some {@link BloodPressure} readings (e.g. those of a rule's window):
 * knowledge-base §2.5 "an unpaired value counts for its own component only". A panel gives both components; an
 * unpaired systolic updates only the systolic, so a systolic and a diastolic taken minutes apart make a complete
 * BP between them, and a lone component leaves the other one {@link #missing()}.
 *
 * <p>"Latest" is by effective time, then issued ({@link Timed#isLaterThan}). Of readings tied on both, the higher
 * value counts ({@link #of}: every BP threshold is an upper one, so the higher value is the safer reading), or the
 * lower one for a baseline that a rise is measured from ({@link #baselineOf}).
 *
 * @param systolicFrom  the reading the systolic comes from, or {@code null}
 * @param diastolicFrom the reading the diastolic comes from, or {@code null}
 */
public record LatestBloodPressure(BloodPressure systolicFrom, BloodPressure diastolicFrom) {

    /** The latest of each component; of tied readings, the higher value. */
    public static LatestBloodPressure of(Collection<?> readings) {
        return pick(readings, true);
    }

    /** The latest of each component as a baseline: of tied readings, the lower value (the larger rise). */
    public static LatestBloodPressure baselineOf(Collection<?> readings) {
        return pick(readings, false);
    }

    private static LatestBloodPressure pick(Collection<?> readings, boolean higherWins) {
        BloodPressure s = null;
        BloodPressure d = null;
        for (Object o : readings) {
            BloodPressure bp = (BloodPressure) o;
            if (bp.effective() == null) {
                continue;
            }
            if (bp.systolic() != null && wins(bp, s, bp.systolic(), s == null ? null : s.systolic(), higherWins)) {
                s = bp;
            }
            if (bp.diastolic() != null && wins(bp, d, bp.diastolic(), d == null ? null : d.diastolic(), higherWins)) {
                d = bp;
            }
        }
        return new LatestBloodPressure(s, d);
    }

    private static boolean wins(BloodPressure candidate, BloodPressure best, double value, Double bestValue,
                                boolean higherWins) {
        if (best == null || candidate.isLaterThan(best)) {
            return true;
        }
        if (!candidate.isTiedWith(best)) {
            return false;
        }
        int c = Double.compare(value, bestValue);
        if (c != 0) {
            return higherWins ? c > 0 : c < 0;
        }
        // Same value: the smaller id, so that the result does not depend on the order facts arrive in.
        return String.valueOf(candidate.evidence()).compareTo(String.valueOf(best.evidence())) < 0;
    }

    /**
     * The latest of each component among the readings taken strictly before this one's component (by effective
     * time): the previous BP, to tell a trend.
     */
    public LatestBloodPressure previousIn(Collection<?> readings) {
        List<BloodPressure> earlierS = new ArrayList<>();
        List<BloodPressure> earlierD = new ArrayList<>();
        for (Object o : readings) {
            BloodPressure bp = (BloodPressure) o;
            if (bp.effective() == null) {
                continue;
            }
            if (systolicFrom != null && bp.systolic() != null && bp.effective().isBefore(systolicFrom.effective())) {
                earlierS.add(bp);
            }
            if (diastolicFrom != null && bp.diastolic() != null && bp.effective().isBefore(diastolicFrom.effective())) {
                earlierD.add(bp);
            }
        }
        return new LatestBloodPressure(of(earlierS).systolicFrom(), of(earlierD).diastolicFrom());
    }

    public Double systolic() {
        return systolicFrom == null ? null : systolicFrom.systolic();
    }

    public Double diastolic() {
        return diastolicFrom == null ? null : diastolicFrom.diastolic();
    }

    /** Both components known: a BP (for "is there a BP", e.g. KET-MON-001). */
    public boolean complete() {
        return systolicFrom != null && diastolicFrom != null;
    }

    /** Neither component known. */
    public boolean isEmpty() {
        return systolicFrom == null && diastolicFrom == null;
    }

    /** The component that is not known: "systolic", "diastolic", "systolic and diastolic", or {@code null}. */
    public String missing() {
        if (complete()) {
            return null;
        }
        return isEmpty() ? "systolic and diastolic" : systolicFrom == null ? "systolic" : "diastolic";
    }

    /**
     * Why this is no BP, for a CANNOT_ASSESS reason: "no BP within 60 min before T0", or "no systolic BP within 60 min
     * before T0 (diastolic 94 mmHg)"; {@code null} when complete.
     *
     * @param window      where it was looked for, e.g. "within 60 min before T0"
     * @param aboutOther  what the known component already shows, e.g. "above the caution tier", or {@code null}
     */
    public String missingReason(String window, String aboutOther) {
        if (complete()) {
            return null;
        }
        if (isEmpty()) {
            return "no BP " + window;
        }
        String other = systolicFrom != null ? "systolic " + BloodPressure.format(systolic()) : "diastolic " + BloodPressure.format(diastolic());
        return "no " + missing() + " BP " + window + " (" + other + " mmHg" + (aboutOther == null ? "" : ", " + aboutOther)
                + ")";
    }

    /** True when the systolic is above {@code sbp} or the diastolic above {@code dbp} (strictly). */
    public boolean above(double sbp, double dbp) {
        return (systolic() != null && systolic() > sbp) || (diastolic() != null && diastolic() > dbp);
    }

    /** True when the systolic is at least {@code sbp} or the diastolic at least {@code dbp}. */
    public boolean atLeast(double sbp, double dbp) {
        return (systolic() != null && systolic() >= sbp) || (diastolic() != null && diastolic() >= dbp);
    }

    /** True when a component is higher than the same component of {@code previous} (both known). */
    public boolean higherThan(LatestBloodPressure previous) {
        return (systolic() != null && previous.systolic() != null && systolic() > previous.systolic())
                || (diastolic() != null && previous.diastolic() != null && diastolic() > previous.diastolic());
    }

    /** The Observation ids the components were read from: the systolic's, then the diastolic's. */
    public List<String> evidence() {
        List<String> ids = new ArrayList<>(2);
        if (systolicFrom != null) {
            ids.add(systolicFrom.evidence().get(0));
        }
        if (diastolicFrom != null) {
            String id = diastolicFrom.evidence().get(diastolicFrom.evidence().size() - 1);
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** "128/96 mmHg", or "diastolic 94 mmHg (no systolic)", for wording. */
    public String display() {
        return BloodPressure.display(systolic(), diastolic());
    }
}
