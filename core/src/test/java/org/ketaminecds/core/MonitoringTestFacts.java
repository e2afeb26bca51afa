package org.ketaminecds.core;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.ketaminecds.core.vocabulary.BloodPressure;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;

/** Facts for the unit tests of core.derived: the package's monitoring thresholds, evaluations, readings. */
public final class MonitoringTestFacts {

    /** The session's T0 in every test. */
    public static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    /** The package defaults (thresholds.yaml). */
    public static final Thresholds THRESHOLDS = PackageThresholds.defaults();

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
