package org.ketaminecds.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.record.Sex;

/** The hook a host records its own metrics with. */
class EvaluationListenerTest {

    private static final PatientRecord ADULT = PatientRecord.builder("Patient/p1")
            .birthDate(LocalDate.of(1980, 6, 1)).sex(Sex.FEMALE).build();
    private static final EvaluationContext CANDIDACY = EvaluationContext.of(Mode.CANDIDACY, Instant.parse("2026-03-01T09:00:00Z"));

    @Test
    void evaluate_withListeners_tellsEachTheAssessmentItReturnsAndItsTime() {
        List<Assessment> seen = new CopyOnWriteArrayList<>();
        List<Long> nanos = new CopyOnWriteArrayList<>();
        CdsEngine engine = CdsEngine.builder().initialSessions(1)
                .listener((a, elapsed) -> seen.add(a))
                .listener((a, elapsed) -> nanos.add(elapsed)).build();

        Assessment answer = engine.evaluate(ADULT, CANDIDACY);

        assertThat(seen).containsExactly(answer);
        assertThat(nanos).singleElement().satisfies(n -> assertThat(n).isPositive());
    }

    @Test
    void evaluate_listenerThrows_stillReturnsTheAssessmentAndTellsTheOthers() {
        List<Assessment> seen = new CopyOnWriteArrayList<>();
        CdsEngine engine = CdsEngine.builder().initialSessions(1)
                .listener((a, elapsed) -> {
                    throw new IllegalStateException("registry closed");
                })
                .listener((a, elapsed) -> seen.add(a)).build();

        Assessment answer = engine.evaluate(ADULT, CANDIDACY);

        assertThat(answer.findings()).isNotEmpty();
        assertThat(seen).containsExactly(answer);
    }
}
