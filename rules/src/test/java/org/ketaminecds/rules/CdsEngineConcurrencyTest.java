package org.ketaminecds.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.ConditionEntry;
import org.ketaminecds.core.record.ObservationEntry;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.record.Quantity;
import org.ketaminecds.core.record.Sex;

/** Many threads sharing one engine must give exactly the answers one thread gives. */
class CdsEngineConcurrencyTest {

    private static final Instant AS_OF = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void evaluate_manyThreadsSharingOneEngine_sameAssessmentsAsOneThread() throws Exception {
        CdsEngine engine = CdsEngine.builder().build();
        List<PatientRecord> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            records.add(record(i));
        }
        List<Assessment> sequential = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            sequential.add(engine.evaluate(records.get(i), context(i)));
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<Assessment>> futures = new ArrayList<>();
                for (int i = 0; i < records.size(); i++) {
                    int n = i;
                    futures.add(pool.submit(() -> engine.evaluate(records.get(n), context(n))));
                }
                for (int i = 0; i < records.size(); i++) {
                    assertThat(futures.get(i).get()).isEqualTo(sequential.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // The records differ, so the answers must too: the comparison above is not trivially true.
        assertThat(sequential.stream().map(Assessment::disposition).distinct().count()).isGreaterThan(2);
    }

    private static EvaluationContext context(int i) {
        return EvaluationContext.of(i % 2 == 0 ? Mode.CANDIDACY : Mode.PRE_DOSE, AS_OF);
    }

    /** Varied records: depression or not, an aneurysm for some, BP readings of every tier, minors. */
    private static PatientRecord record(int i) {
        PatientRecord.Builder b = PatientRecord.builder("Patient/p" + i)
                .birthDate(LocalDate.of(i % 7 == 0 ? 2012 : 1970 + i % 30, 1 + i % 12, 1 + i % 28))
                .sex(i % 2 == 0 ? Sex.FEMALE : Sex.MALE);
        if (i % 3 != 0) {
            b.condition(ConditionEntry.active("Condition/mdd" + i, null, Coding.of(Coding.SNOMED, "370143000")));
        }
        if (i % 5 == 0) {
            b.condition(ConditionEntry.active("Condition/aaa" + i, null, Coding.of(Coding.ICD10CM, "I71.40")));
        }
        b.observation(new ObservationEntry("Observation/bp" + i, List.of(Coding.of(Coding.LOINC, "85354-9")), "final",
                AS_OF.minusSeconds(600), null, null, List.of(), null,
                List.of(new ObservationEntry.Component(List.of(Coding.of(Coding.LOINC, "8480-6")),
                                Quantity.of(120 + (i % 8) * 10, "mm[Hg]"), List.of()),
                        new ObservationEntry.Component(List.of(Coding.of(Coding.LOINC, "8462-4")),
                                Quantity.of(80, "mm[Hg]"), List.of())),
                null, List.of(), List.of(), null));
        return b.build();
    }
}
