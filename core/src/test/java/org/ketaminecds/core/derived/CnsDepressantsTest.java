package org.ketaminecds.core.derived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ketaminecds.core.derived.RecordFacts.AS_OF;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.vocabulary.Medication;

class CnsDepressantsTest {

    @Test
    void nothing_isNoClass() {
        CnsDepressants none = CnsDepressants.of(List.of(), List.of(), List.of());

        assertThat(none.count()).isZero();
        assertThat(none.described()).isEmpty();
        assertThat(none.opioidWithBenzodiazepine()).isFalse();
        assertThat(none.thresholdsUsed()).isEmpty();
    }

    @Test
    void classesAreListedInTheFixedOrder_eachOnce() {
        CnsDepressants cns = CnsDepressants.of(List.of(
                RecordFacts.current("MedicationStatement/zolpidem", "VS-ZDRUGS", null),
                RecordFacts.current("MedicationStatement/diazepam", "VS-BENZODIAZEPINES", null),
                RecordFacts.current("MedicationStatement/lorazepam", "VS-BENZODIAZEPINES", null),
                RecordFacts.current("MedicationStatement/oxycodone", "VS-OPIOIDS", null)), List.of(), List.of());

        assertThat(cns.classes()).containsExactly("opioid", "benzodiazepine", "Z-drug");
        assertThat(cns.count()).isEqualTo(3);
        assertThat(cns.described()).isEqualTo("opioid + benzodiazepine + Z-drug");
        assertThat(cns.opioidWithBenzodiazepine()).isTrue();
        assertThat(cns.evidence()).containsExactly("MedicationStatement/zolpidem", "MedicationStatement/diazepam",
                "MedicationStatement/lorazepam", "MedicationStatement/oxycodone");
    }

    @Test
    void aCombinationProduct_countsForBothOfItsClasses() {
        Medication combination = RecordFacts.medication("MedicationStatement/combo",
                Set.of("VS-OPIOIDS", "VS-BARBITURATES"), Set.of(), "active", AS_OF, null, null);

        CnsDepressants cns = CnsDepressants.of(List.of(combination), List.of(), List.of());

        assertThat(cns.classes()).containsExactly("opioid", "barbiturate");
        assertThat(cns.opioidWithBenzodiazepine()).isFalse();
    }

    @Test
    void alcohol_isAClass_andAnAuditCShowsItsThreshold() {
        CnsDepressants byDisorder = CnsDepressants.of(List.of(),
                List.of(RecordFacts.diagnosis("Condition/aud", "VS-SUD-ALCOHOL", null)), List.of());
        assertThat(byDisorder.classes()).containsExactly("alcohol");
        assertThat(byDisorder.thresholdsUsed()).isEmpty();

        CnsDepressants byScreen = CnsDepressants.of(
                List.of(RecordFacts.current("MedicationStatement/pregabalin", "VS-GABAPENTINOIDS", null)),
                List.of(RecordFacts.diagnosis("Condition/aud", "VS-SUD-ALCOHOL", null)),
                List.of(RecordFacts.score("Observation/auditc", "VS-AUDIT-C", AS_OF, 9)));
        assertThat(byScreen.classes()).containsExactly("gabapentinoid", "alcohol");
        assertThat(byScreen.thresholdsUsed()).containsExactly("AUDITC_HIGH");
        assertThat(byScreen.evidence()).containsExactly("MedicationStatement/pregabalin", "Condition/aud",
                "Observation/auditc");
    }

    @Test
    void thresholdsUsed_isACopy() {
        CnsDepressants cns = CnsDepressants.of(List.of(), List.of(),
                List.of(RecordFacts.score("Observation/auditc", "VS-AUDIT-C", AS_OF, 9)));
        cns.thresholdsUsed()[0] = "CHANGED";

        assertThat(cns.thresholdsUsed()).containsExactly("AUDITC_HIGH");
    }
}
