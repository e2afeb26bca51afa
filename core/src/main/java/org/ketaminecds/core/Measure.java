package org.ketaminecds.core;

/**
 * The measurements the rules compare in one unit. Each is known by a value set of the package. A value in another
 * UCUM unit of the same dimension is converted to the rules' unit ({@link Units}). Vital signs and weight are also
 * checked against a plausible range bounded by two named thresholds; one whose unit does not convert, or whose value
 * is implausible, is left out and reported (KET-MON-020). A lab whose unit does not convert is kept as sent: its own
 * reference range still applies, and the rule that needs the rules' unit says it cannot assess it.
 */
enum Measure {
    SYSTOLIC("BP", "systolic BP", "VS-BP-SYSTOLIC", "mm[Hg]", "PLAUSIBLE_SBP_MIN", "PLAUSIBLE_SBP_MAX", null),
    DIASTOLIC("BP", "diastolic BP", "VS-BP-DIASTOLIC", "mm[Hg]", "PLAUSIBLE_DBP_MIN", "PLAUSIBLE_DBP_MAX", null),
    HEART_RATE("HR", "heart rate", "VS-HR", "/min", "PLAUSIBLE_HR_MIN", "PLAUSIBLE_HR_MAX", null),
    SPO2("SPO2", "SpO2", "VS-SPO2", "%", "PLAUSIBLE_SPO2_MIN", "PLAUSIBLE_SPO2_MAX", null),
    RESPIRATORY_RATE("RR", "respiratory rate", "VS-RR", "/min", "PLAUSIBLE_RR_MIN", "PLAUSIBLE_RR_MAX", null),
    WEIGHT("WEIGHT", "body weight", "VS-WEIGHT", "kg", "PLAUSIBLE_ADULT_WEIGHT_MIN", "PLAUSIBLE_ADULT_WEIGHT_MAX", null),
    // Labs and BMI: converted when they can be (the units of the TOL_ULN_* and BMI_RESP_RISK_MIN thresholds).
    BMI("BMI", "BMI", "VS-BMI", "kg/m2", null, null, null),
    CREATININE("LAB", "creatinine", "VS-CREATININE", "mg/dL", null, null, 113.12),
    ALT("LAB", "ALT", "VS-ALT", "U/L", null, null, null),
    AST("LAB", "AST", "VS-AST", "U/L", null, null, null),
    ALP("LAB", "ALP", "VS-ALP", "U/L", null, null, null),
    GGT("LAB", "GGT", "VS-GGT", "U/L", null, null, null),
    TOTAL_BILIRUBIN("LAB", "total bilirubin", "VS-TBILI", "mg/dL", null, null, 584.66);

    final String group;
    final String label;
    final String concept;
    final String unit;
    final String min;
    final String max;
    /** g/mol, to convert an amount of substance (umol/L) to the mass the rules use; {@code null} when none. */
    final Double molarMass;

    Measure(String group, String label, String concept, String unit, String min, String max, Double molarMass) {
        this.group = group;
        this.label = label;
        this.concept = concept;
        this.unit = unit;
        this.min = min;
        this.max = max;
        this.molarMass = molarMass;
    }

    /** Whether a value outside the plausible range or in a unit that does not convert is left out (KET-MON-020). */
    boolean checked() {
        return min != null;
    }

    /**
     * A value as the rules see it.
     *
     * @param value      in {@code unit}
     * @param unit       the rules' unit, or the sent one when it did not convert (unchecked measures only)
     * @param conversion from the sent unit to {@code unit}
     * @param problem    why a checked value is left out, or {@code null}
     */
    record Read(Double value, String unit, Units.Conversion conversion, String problem) {

        boolean converted() {
            return conversion != Units.Conversion.IDENTITY;
        }
    }

    /**
     * Reads a value sent in {@code sentUnit}.
     *
     * @param adult whether the adult range applies (only weight depends on it)
     */
    Read read(Double value, String sentUnit, Thresholds thresholds, boolean adult) {
        if (value == null) {
            return new Read(null, sentUnit, Units.Conversion.IDENTITY, checked() ? label + " has no numeric value" : null);
        }
        Units.Conversion conversion = Units.conversion(sentUnit, unit, molarMass).orElse(null);
        if (conversion == null) {
            String problem = !checked() ? null : sentUnit == null ? label + " has no unit (expected " + unit + ")"
                    : label + " unit '" + sentUnit + "' is not convertible to " + unit;
            return new Read(value, sentUnit, Units.Conversion.IDENTITY, problem);
        }
        double v = conversion.apply(value);
        if (checked()) {
            double lo = thresholds.value(min);
            double hi = thresholds.value(max);
            boolean checkLow = this != WEIGHT || adult;
            if ((checkLow && v < lo) || v > hi) {
                String sent = format(value) + " " + sentUnit + (conversion == Units.Conversion.IDENTITY ? ""
                        : " (" + format(round(v)) + " " + unit + ")");
                return new Read(v, unit, conversion, label + " " + sent + " is outside the plausible range "
                        + format(lo) + "-" + format(hi));
            }
        }
        return new Read(v, unit, conversion, null);
    }

    /** "176 [lb_av] read as 79.83 kg." for a converted value; {@code null} when nothing was converted. */
    static String conversionNote(String resourceId, double sent, String sentUnit, Read read) {
        if (!read.converted() || read.value() == null) {
            return null;
        }
        return resourceId + ": " + format(sent) + " " + sentUnit + " read as " + format(round(read.value())) + " "
                + read.unit() + ".";
    }

    /** Two decimals: enough for a clinician, and stable across platforms. */
    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
