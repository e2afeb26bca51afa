package org.ketaminecds.core;

import java.util.Set;

/**
 * The measurements whose units and plausible ranges are checked before any rule sees them (KET-MON-020).
 * Each is known by a value set of the package and bounded by two named thresholds.
 */
enum Measure {
    SYSTOLIC("BP", "systolic BP", "VS-BP-SYSTOLIC", Set.of("mm[Hg]"), "PLAUSIBLE_SBP_MIN", "PLAUSIBLE_SBP_MAX"),
    DIASTOLIC("BP", "diastolic BP", "VS-BP-DIASTOLIC", Set.of("mm[Hg]"), "PLAUSIBLE_DBP_MIN", "PLAUSIBLE_DBP_MAX"),
    HEART_RATE("HR", "heart rate", "VS-HR", Set.of("/min"), "PLAUSIBLE_HR_MIN", "PLAUSIBLE_HR_MAX"),
    SPO2("SPO2", "SpO2", "VS-SPO2", Set.of("%"), "PLAUSIBLE_SPO2_MIN", "PLAUSIBLE_SPO2_MAX"),
    RESPIRATORY_RATE("RR", "respiratory rate", "VS-RR", Set.of("/min"), "PLAUSIBLE_RR_MIN", "PLAUSIBLE_RR_MAX"),
    WEIGHT("WEIGHT", "body weight", "VS-WEIGHT", Set.of("kg"), "PLAUSIBLE_ADULT_WEIGHT_MIN", "PLAUSIBLE_ADULT_WEIGHT_MAX");

    final String group;
    final String label;
    final String concept;
    final Set<String> units;
    final String min;
    final String max;

    Measure(String group, String label, String concept, Set<String> units, String min, String max) {
        this.group = group;
        this.label = label;
        this.concept = concept;
        this.units = units;
        this.min = min;
        this.max = max;
    }

    /**
     * Why the value cannot be used, or {@code null} when it can.
     *
     * @param adult whether the adult range applies (only weight depends on it)
     */
    String problem(Double value, String unit, Thresholds thresholds, boolean adult) {
        if (value == null) {
            return label + " has no numeric value";
        }
        if (unit == null || !units.contains(unit)) {
            return label + " unit '" + unit + "' is not " + String.join(" or ", units);
        }
        double lo = thresholds.value(min);
        double hi = thresholds.value(max);
        boolean checkLow = this != WEIGHT || adult;
        if ((checkLow && value < lo) || value > hi) {
            return label + " " + format(value) + " " + unit + " is outside the plausible range "
                    + format(lo) + "-" + format(hi);
        }
        return null;
    }

    static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
