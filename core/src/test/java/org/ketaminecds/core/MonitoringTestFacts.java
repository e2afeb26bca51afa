package org.ketaminecds.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ketaminecds.core.vocabulary.BloodPressure;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;

/** Facts for the unit tests of core.derived: the package's monitoring thresholds, evaluations, readings. */
public final class MonitoringTestFacts {

    /** The session's T0 in every test. */
    public static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    public static final Thresholds THRESHOLDS = new Thresholds(Map.ofEntries(
            Map.entry("OBS_MIN_ESK", new Thresholds.Threshold(120, "min", "test")),
            Map.entry("OBS_MIN_KET", new Thresholds.Threshold(60, "min", "test")),
            Map.entry("MON_ESK_BP_CHECK_FROM", new Thresholds.Threshold(30, "min", "test")),
            Map.entry("MON_ESK_BP_CHECK_TO", new Thresholds.Threshold(50, "min", "test")),
            Map.entry("MON_KET_BP_INTERVAL_INFUSION", new Thresholds.Threshold(15, "min", "test")),
            Map.entry("MON_KET_BP_INTERVAL_RECOVERY", new Thresholds.Threshold(30, "min", "test")),
            Map.entry("BP_TIER_A_SYSTOLIC", new Thresholds.Threshold(140, "mm[Hg]", "test")),
            Map.entry("BP_TIER_A_DIASTOLIC", new Thresholds.Threshold(90, "mm[Hg]", "test")),
            Map.entry("BP_TIER_B_SYSTOLIC", new Thresholds.Threshold(160, "mm[Hg]", "test")),
            Map.entry("BP_TIER_B_DIASTOLIC", new Thresholds.Threshold(100, "mm[Hg]", "test")),
            Map.entry("BP_TIER_C_SYSTOLIC", new Thresholds.Threshold(180, "mm[Hg]", "test")),
            Map.entry("BP_TIER_C_DIASTOLIC", new Thresholds.Threshold(110, "mm[Hg]", "test")),
            Map.entry("POST_BP_RISE_SYSTOLIC", new Thresholds.Threshold(40, "mm[Hg]", "test")),
            Map.entry("POST_BP_RISE_DIASTOLIC", new Thresholds.Threshold(25, "mm[Hg]", "test")),
            Map.entry("MON_MOAAS_ALERT", new Thresholds.Threshold(5, "{score}", "test")),
            Map.entry("SPO2_WARN", new Thresholds.Threshold(93, "%", "test")),
            Map.entry("SPO2_CRIT", new Thresholds.Threshold(90, "%", "test")),
            Map.entry("LONG_TERM_SESSIONS", new Thresholds.Threshold(12, "1", "test")),
            Map.entry("LONG_TERM_DAYS", new Thresholds.Threshold(90, "d", "test")),
            Map.entry("LAB_SURVEILLANCE_INTERVAL", new Thresholds.Threshold(180, "d", "test")),
            Map.entry("HR_HIGH", new Thresholds.Threshold(110, "/min", "test")),
            Map.entry("HR_LOW", new Thresholds.Threshold(50, "/min", "test")),
            Map.entry("RR_LOW", new Thresholds.Threshold(10, "/min", "test")),
            Map.entry("RR_HIGH", new Thresholds.Threshold(24, "/min", "test")),
            Map.entry("INDUCTION_ESK_DAYS", new Thresholds.Threshold(28, "d", "test")),
            Map.entry("MON_INDUCTION_ESK_SESSIONS", new Thresholds.Threshold(8, "1", "test")),
            Map.entry("INDUCTION_KET_SESSIONS", new Thresholds.Threshold(6, "1", "test")),
            Map.entry("OUTCOME_INTERVAL_INDUCTION", new Thresholds.Threshold(7, "d", "test")),
            Map.entry("OUTCOME_INTERVAL_MAINT", new Thresholds.Threshold(28, "d", "test")),
            Map.entry("MON_REMS_PMF_DUE", new Thresholds.Threshold(7, "d", "test")),
            Map.entry("MON_OUTCOME_BASELINE_MAX_AGE", new Thresholds.Threshold(30, "d", "test")),
            Map.entry("MON_PLANNED_INTERVAL_SESSIONS", new Thresholds.Threshold(3, "1", "test")),
            Map.entry("MON_MISSED_SESSION_GRACE", new Thresholds.Threshold(7, "d", "test")),
            Map.entry("OLDER_ADULT_AGE", new Thresholds.Threshold(65, "a", "test")),
            Map.entry("PRE_DOSE_VITALS_MAX_AGE", new Thresholds.Threshold(60, "min", "test")),
            Map.entry("WEIGHT_MAX_AGE", new Thresholds.Threshold(30, "d", "test")),
            Map.entry("SCREENING_BP_MAX_AGE", new Thresholds.Threshold(30, "d", "test"))));

    private MonitoringTestFacts() {
    }

    /** T0 plus some minutes. */
    public static Instant at(long minutesAfterT0) {
        return T0.plusSeconds(minutesAfterT0 * 60);
    }

    /** An evaluation with T0 = {@link #T0}, discharged (and asOf) at the given minute. */
    public static Evaluation evaluation(Mode mode, Product product, long dischargeMinute) {
        return new Evaluation(mode, at(dischargeMinute), T0, at(dischargeMinute), product, null, null, true, THRESHOLDS);
    }

    public static Reading reading(String id, String concept, Instant at, Double value) {
        return new Reading(id, concept, Set.of(concept), at, null, value, null, Set.of(), null, null, List.of(), null,
                true);
    }

    public static Reading yesNo(String id, String concept, Instant at, boolean yes) {
        return new Reading(id, concept, Set.of(concept), at, null, null, null, Set.of(), yes, null, List.of(), null,
                true);
    }

    public static BloodPressure bp(String id, Instant at, double systolic, double diastolic) {
        return new BloodPressure(List.of(id), at, null, systolic, diastolic);
    }

    public static Session session(String id, Product product, Instant start, Instant end, int number) {
        return new Session(id, product, start, end, null, null, List.of("MedicationAdministration/" + id), true, "AMB",
                number, false);
    }
}
