package org.ketaminecds.core;

import java.util.HashMap;
import java.util.Map;

/** The tolerance rules' thresholds at the package defaults (thresholds.yaml), for unit tests outside this package. */
public final class TestToleranceThresholds {

    private TestToleranceThresholds() {
    }

    public static Thresholds defaults() {
        Map<String, Thresholds.Threshold> t = new HashMap<>();
        put(t, "INDUCTION_ESK_DAYS", 28, "d");
        put(t, "INDUCTION_KET_SESSIONS", 6, "1");
        put(t, "TOL_ESCALATION_CONSECUTIVE", 3, "1");
        put(t, "TOL_ESCALATION_RISE_PCT", 50, "%");
        put(t, "TOL_ESCALATION_WINDOW", 28, "d");
        put(t, "TOL_MIN_SESSION_GAP", 24, "h");
        put(t, "TOL_SAME_SESSION_WINDOW", 2, "h");
        put(t, "TOL_ROLLING_WINDOW", 168, "h");
        put(t, "TOL_ESK_INDUCTION_MAX_PER_WINDOW", 2, "1");
        put(t, "TOL_ESK_MAINT_MAX_PER_WINDOW", 1, "1");
        put(t, "TOL_KET_IV_MAX_PER_WINDOW", 3, "1");
        put(t, "TOL_INTERVAL_SESSIONS", 3, "1");
        put(t, "TOL_FREQUENCY_LOOKBACK", 28, "d");
        put(t, "TOL_REFILL_MIN_ELAPSED_PCT", 80, "%");
        put(t, "TOL_REFILL_LOOKBACK", 90, "d");
        put(t, "TOL_PRESCRIBER_WINDOW", 90, "d");
        put(t, "TOL_ULN_ALT", 40, "U/L");
        put(t, "TOL_ULN_AST", 40, "U/L");
        put(t, "TOL_ULN_ALP", 120, "U/L");
        put(t, "TOL_ULN_GGT", 60, "U/L");
        put(t, "TOL_ULN_TBILI", 1.2, "mg/dL");
        put(t, "TOL_DILI_AMINOTRANSFERASE_MULT", 3, "1");
        put(t, "TOL_DILI_ALP_MULT", 2, "1");
        put(t, "TOL_DILI_TBILI_MULT", 2, "1");
        put(t, "TOL_RELAPSE_WITHIN_BASELINE_PCT", 25, "%");
        put(t, "TOL_BENEFIT_CYCLES", 3, "1");
        return new Thresholds(t);
    }

    private static void put(Map<String, Thresholds.Threshold> t, String name, double value, String unit) {
        t.put(name, new Thresholds.Threshold(value, unit, "test"));
    }
}
