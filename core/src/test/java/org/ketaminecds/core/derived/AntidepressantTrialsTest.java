package org.ketaminecds.core.derived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ketaminecds.core.derived.RecordFacts.daysAgo;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Medication;

class AntidepressantTrialsTest {

    private static final String ORAL = "VS-ORAL-ANTIDEPRESSANTS";
    private static final String AUGMENTATION = "VS-TRD-AUGMENTATION";
    private static final Evaluation DEFAULTS = evaluation(0);

    private static Evaluation evaluation(int countAugmentation) {
        return RecordFacts.candidacy("TRD_EPISODE_LOOKBACK=730 d", "TRD_COUNT_AUGMENTATION=" + countAugmentation,
                "TRD_MIN_TRIAL_WEEKS=6 wk", "TRD_INADEQUATE_DROP_PCT=50 %");
    }

    private static Medication stopped(String id, String concept, String ingredient, long startDaysAgo, Long endDaysAgo) {
        return RecordFacts.medication(id, Set.of(concept), Set.of(ingredient), "stopped", daysAgo(startDaysAgo),
                endDaysAgo == null ? null : daysAgo(endDaysAgo), null);
    }

    private static Medication current(String id, String ingredient, long startDaysAgo) {
        return RecordFacts.medication(id, Set.of(ORAL), Set.of(ingredient), "active", daysAgo(startDaysAgo), null, null);
    }

    @Test
    void aStoppedTrialOfAdequateLength_failed_andIsDescribed() {
        FailedTrials trials = AntidepressantTrials.failed(DEFAULTS,
                List.of(stopped("MedicationStatement/sertraline", ORAL, "36437", 200, 116L)), List.of(), List.of());

        assertThat(trials.count()).isEqualTo(1);
        assertThat(trials.described()).isEqualTo("MedicationStatement/sertraline (RxNorm 36437, 12 weeks, stopped)");
        assertThat(trials.evidence()).containsExactly("MedicationStatement/sertraline");
        assertThat(trials.episodeOnsetKnown()).isFalse();
    }

    @Test
    void tooShort_noEndDate_orBeforeTheEpisode_doNotCount() {
        List<Medication> candidates = List.of(
                stopped("MedicationStatement/short", ORAL, "1", 60, 30L),
                stopped("MedicationStatement/no-end", ORAL, "2", 300, null),
                stopped("MedicationStatement/earlier-episode", ORAL, "3", 400, 200L));

        FailedTrials trials = AntidepressantTrials.failed(DEFAULTS, candidates, List.of(),
                List.of(RecordFacts.diagnosis("Condition/mdd", "VS-MDD", daysAgo(365))));

        assertThat(trials.count()).isZero();
        assertThat(trials.described()).isEmpty();
        assertThat(trials.episodeOnsetKnown()).isTrue();
    }

    @Test
    void theLatestEpisodeOnsetBoundsTheSearch_withoutOne_theLookback() {
        Medication trial = stopped("MedicationStatement/old", ORAL, "1", 500, 400L);

        assertThat(AntidepressantTrials.failed(DEFAULTS, List.of(trial), List.of(), List.of()).count()).isEqualTo(1);
        assertThat(AntidepressantTrials.failed(DEFAULTS, List.of(trial), List.of(), List.of(
                RecordFacts.diagnosis("Condition/first", "VS-MDD", daysAgo(900)),
                RecordFacts.diagnosis("Condition/current", "VS-MDD", daysAgo(450)))).count()).isZero();
    }

    @Test
    void aCurrentTrial_failsOnADocumentedInadequateResponseAboutIt() {
        Medication trial = current("MedicationStatement/escitalopram", "321988", 90);

        FailedTrials trials = AntidepressantTrials.failed(DEFAULTS, List.of(trial), List.of(
                RecordFacts.yes("Observation/other", "LOCAL#treatment-response-inadequate", daysAgo(5),
                        "MedicationStatement/someone-else"),
                RecordFacts.yes("Observation/response", "LOCAL#treatment-response-inadequate", daysAgo(5),
                        "MedicationStatement/escitalopram")), List.of());

        assertThat(trials.described())
                .isEqualTo("MedicationStatement/escitalopram (RxNorm 321988, 12 weeks, inadequate response documented)");
        assertThat(trials.evidence()).containsExactly("MedicationStatement/escitalopram", "Observation/response");
    }

    @Test
    void aCurrentTrial_failsOnAPhq9DropSmallerThanTheThreshold() {
        Medication trial = current("MedicationStatement/escitalopram", "321988", 90);
        List<Object> smallDrop = List.of(RecordFacts.score("Observation/before", "VS-PHQ9-TOTAL", daysAgo(95), 20),
                RecordFacts.score("Observation/during", "VS-PHQ9-TOTAL", daysAgo(10), 14));
        List<Object> halved = List.of(RecordFacts.score("Observation/before", "VS-PHQ9-TOTAL", daysAgo(95), 20),
                RecordFacts.score("Observation/during", "VS-PHQ9-TOTAL", daysAgo(10), 10));

        FailedTrials failed = AntidepressantTrials.failed(DEFAULTS, List.of(trial), smallDrop, List.of());
        assertThat(failed.described()).isEqualTo("MedicationStatement/escitalopram (RxNorm 321988, 12 weeks, PHQ-9 20 -> 14)");
        assertThat(failed.evidence()).containsExactly("MedicationStatement/escitalopram", "Observation/before",
                "Observation/during");

        assertThat(AntidepressantTrials.failed(DEFAULTS, List.of(trial), halved, List.of()).count())
                .as("a 50% drop is a response").isZero();
        assertThat(AntidepressantTrials.failed(DEFAULTS, List.of(trial), List.of(), List.of()).count())
                .as("current without evidence of failure").isZero();
    }

    @Test
    void augmentationAgents_countOnlyBySitePolicy() {
        Medication lithium = stopped("MedicationStatement/lithium", AUGMENTATION, "6448", 200, 100L);

        assertThat(AntidepressantTrials.failed(evaluation(0), List.of(lithium), List.of(), List.of()).count()).isZero();
        assertThat(AntidepressantTrials.failed(evaluation(1), List.of(lithium), List.of(), List.of()).count()).isEqualTo(1);
    }

    @Test
    void trialsCountPerIngredient_listedByIngredient() {
        FailedTrials trials = AntidepressantTrials.failed(DEFAULTS, List.of(
                stopped("MedicationStatement/sertraline-2", ORAL, "36437", 150, 100L),
                stopped("MedicationStatement/sertraline-1", ORAL, "36437", 300, 200L),
                stopped("MedicationStatement/bupropion", ORAL, "42347", 400, 300L)), List.of(), List.of());

        assertThat(trials.count()).isEqualTo(2);
        assertThat(trials.trials()).containsExactly(
                "MedicationStatement/sertraline-1 (RxNorm 36437, 14 weeks, stopped)",
                "MedicationStatement/bupropion (RxNorm 42347, 14 weeks, stopped)");
        assertThat(trials.described()).contains("; ");
        assertThat(trials.evidence()).containsExactly("MedicationStatement/sertraline-1",
                "MedicationStatement/sertraline-2", "MedicationStatement/bupropion");
    }
}
