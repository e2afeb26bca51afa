package org.ketaminecds.core.derived;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Thresholds;
import org.ketaminecds.core.ThresholdsFixture;

class BenzodiazepineLoadTest {

    private static final Thresholds FACTORS = ThresholdsFixture.of("DIAZEPAM_EQ_LORAZEPAM_6470=10 1",
            "DIAZEPAM_EQ_ALPRAZOLAM_596=20 1", "DIAZEPAM_EQ_CLONAZEPAM_2598=20 1", "BENZO_DIAZEPAM_EQ_LOAD_MAX=8 mg");

    @Test
    void noBenzodiazepine_isANoughtLoad_complete() {
        BenzodiazepineLoad load = BenzodiazepineLoad.of(List.of(), FACTORS);

        assertThat(load.diazepamEquivalentMg()).isZero();
        assertThat(load.complete()).isTrue();
        assertThat(load.described()).isEqualTo("0");
        assertThat(load.factorNames()).isEmpty();
    }

    @Test
    void sumsDailyDoseTimesTheIngredientsFactor() {
        BenzodiazepineLoad load = BenzodiazepineLoad.of(List.of(
                RecordFacts.current("MedicationStatement/lorazepam", "VS-BENZODIAZEPINES", 2.0, "6470"),
                RecordFacts.current("MedicationStatement/alprazolam", "VS-BENZODIAZEPINES", 0.25, "596")), FACTORS);

        assertThat(load.diazepamEquivalentMg()).isEqualTo(25.0);
        assertThat(load.described()).isEqualTo("25");
        assertThat(load.complete()).isTrue();
        assertThat(load.benzodiazepines()).containsExactly("MedicationStatement/lorazepam",
                "MedicationStatement/alprazolam");
        assertThat(load.factorNames()).containsExactly("DIAZEPAM_EQ_LORAZEPAM_6470", "DIAZEPAM_EQ_ALPRAZOLAM_596");
    }

    @Test
    void aDrugWithoutDoseOrFactor_isLeftOutAndNamed_theLoadIsALowerBound() {
        BenzodiazepineLoad load = BenzodiazepineLoad.of(List.of(
                RecordFacts.current("MedicationStatement/lorazepam", "VS-BENZODIAZEPINES", 1.0, "6470"),
                RecordFacts.current("MedicationStatement/lorazepam-prn", "VS-BENZODIAZEPINES", null, "6470"),
                RecordFacts.current("MedicationStatement/unknown", "VS-BENZODIAZEPINES", 5.0, "99999")), FACTORS);

        assertThat(load.diazepamEquivalentMg()).isEqualTo(10.0);
        assertThat(load.complete()).isFalse();
        assertThat(load.uncomputed()).containsExactly("MedicationStatement/lorazepam-prn", "MedicationStatement/unknown");
        assertThat(load.uncomputedList()).isEqualTo("MedicationStatement/lorazepam-prn, MedicationStatement/unknown");
        assertThat(load.factorNames()).as("each factor once").containsExactly("DIAZEPAM_EQ_LORAZEPAM_6470");
    }

    @Test
    void twoBenzodiazepineIngredients_areAmbiguous_notComputed() {
        BenzodiazepineLoad load = BenzodiazepineLoad.of(List.of(RecordFacts.current("MedicationStatement/both",
                "VS-BENZODIAZEPINES", 1.0, "596", "2598")), FACTORS);

        assertThat(load.diazepamEquivalentMg()).isZero();
        assertThat(load.uncomputed()).containsExactly("MedicationStatement/both");
        assertThat(load.factorNames()).isEmpty();
    }

    @Test
    void described_roundsToOneDecimal() {
        BenzodiazepineLoad load = BenzodiazepineLoad.of(List.of(
                RecordFacts.current("MedicationStatement/lorazepam", "VS-BENZODIAZEPINES", 0.333, "6470")), FACTORS);

        assertThat(load.described()).isEqualTo("3.3");
    }
}
