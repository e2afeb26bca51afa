package org.ketaminecds.core.derived;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.Thresholds;
import org.ketaminecds.core.ThresholdsFixture;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.vocabulary.BloodPressure;
import org.ketaminecds.core.vocabulary.Diagnosis;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Medication;
import org.ketaminecds.core.vocabulary.Reading;

/** Facts as the fact builder would make them, for the tests of this package. */
final class RecordFacts {

    static final Instant AS_OF = Instant.parse("2026-03-01T12:00:00Z");

    private RecordFacts() {
    }

    static Instant daysAgo(long days) {
        return AS_OF.minus(Duration.ofDays(days));
    }

    static Evaluation candidacy(String... thresholds) {
        Thresholds t = ThresholdsFixture.of(thresholds);
        return new Evaluation(Mode.CANDIDACY, AS_OF, AS_OF, AS_OF, null, null, null, true, t);
    }

    /** A statement, current unless it has an end. */
    static Medication medication(String id, Set<String> concepts, Set<String> ingredients, String status,
                                 Instant start, Instant end, Double dailyDoseMg) {
        return new Medication(id, MedicationKind.STATEMENT, concepts, ingredients, status,
                "active".equals(status), start, end, null, dailyDoseMg, null, null, null, null, null, null,
                List.of(), null);
    }

    static Medication current(String id, String concept, Double dailyDoseMg, String... ingredients) {
        return medication(id, Set.of(concept), Set.of(ingredients), "active", daysAgo(30), null, dailyDoseMg);
    }

    static Reading score(String id, String concept, Instant effective, double value) {
        return new Reading(id, concept, Set.of(concept), effective, null, value, null, Set.of(), null, null, List.of(),
                null, false);
    }

    static Reading yes(String id, String concept, Instant effective, String... about) {
        return new Reading(id, concept, Set.of(concept), effective, null, null, null, Set.of(), true, null,
                List.of(about), null, false);
    }

    static Diagnosis diagnosis(String id, String concept, Instant onset) {
        return new Diagnosis(id, Set.of(concept), null, true, false, onset);
    }

    static BloodPressure bp(String id, Instant effective, Double systolic, Double diastolic) {
        return new BloodPressure(List.of(id), effective, null, systolic, diastolic);
    }
}
