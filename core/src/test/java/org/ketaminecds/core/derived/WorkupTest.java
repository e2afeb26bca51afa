package org.ketaminecds.core.derived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ketaminecds.core.derived.RecordFacts.bp;
import static org.ketaminecds.core.derived.RecordFacts.daysAgo;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.vocabulary.Allergy;
import org.ketaminecds.core.vocabulary.Evaluation;

class WorkupTest {

    private static final Evaluation EVALUATION = RecordFacts.candidacy("CAND_WORKUP_MAX_AGE=90 d");
    private static final ScreeningBloodPressure BP = ScreeningBloodPressure.of(List.of(
            bp("Observation/bp", daysAgo(3), 128.0, 80.0)));
    private static final List<Object> PLAN = List.of("CarePlan/plan");

    @Test
    void nothingOnRecord_missesEveryItem_inOrder() {
        Workup workup = Workup.of(EVALUATION, List.of(), List.of(), List.of(), ScreeningBloodPressure.of(List.of()),
                List.of());

        assertThat(workup.complete()).isFalse();
        assertThat(workup.described()).isEqualTo(
                "medication review, allergies, substance use, psychosis history, baseline BP, treatment plan");
    }

    @Test
    void everyItemOnRecord_isComplete() {
        Workup workup = Workup.of(EVALUATION, List.of(
                        RecordFacts.yes("Observation/review", "LOCAL#medication-review-done", daysAgo(10)),
                        RecordFacts.score("Observation/auditc", "VS-SUBSTANCE-SCREEN", daysAgo(20), 2),
                        RecordFacts.yes("Observation/psychosis", "LOCAL#psychosis-history-assessed", daysAgo(400))),
                List.of(new Allergy("AllergyIntolerance/nka", Set.of())), List.of(), BP, PLAN);

        assertThat(workup.complete()).isTrue();
        assertThat(workup.missing()).isEmpty();
    }

    @Test
    void aReviewOrScreenOlderThanTheWindow_doesNotCount_aSubstanceUseDisorderDoes() {
        Workup workup = Workup.of(EVALUATION, List.of(
                        RecordFacts.yes("Observation/review", "LOCAL#medication-review-done", daysAgo(120)),
                        RecordFacts.score("Observation/uds", "VS-UDS", daysAgo(100), 0)),
                List.of(new Allergy("AllergyIntolerance/nka", Set.of())), List.of(), BP, PLAN);
        assertThat(workup.missing()).containsExactly("medication review", "substance use", "psychosis history");

        Workup withDisorder = Workup.of(EVALUATION, List.of(), List.of(new Allergy("AllergyIntolerance/a", Set.of())),
                List.of(RecordFacts.diagnosis("Condition/sud", "VS-SUD-ANY", null)), BP, PLAN);
        assertThat(withDisorder.missing()).doesNotContain("substance use");
    }

    @Test
    void aLoneBpComponent_namesTheMissingOne() {
        Workup workup = Workup.of(EVALUATION, List.of(), List.of(), List.of(),
                ScreeningBloodPressure.of(List.of(bp("Observation/s", daysAgo(1), 150.0, null))), PLAN);

        assertThat(workup.missing()).contains("baseline diastolic BP").doesNotContain("baseline BP", "treatment plan");
    }
}
