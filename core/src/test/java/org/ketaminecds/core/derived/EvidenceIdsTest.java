package org.ketaminecds.core.derived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ketaminecds.core.derived.RecordFacts.AS_OF;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.record.Sex;
import org.ketaminecds.core.vocabulary.Allergy;
import org.ketaminecds.core.vocabulary.Person;

class EvidenceIdsTest {

    @Test
    void of_givesTheIdsOfMixedFacts_inTheirOrder() {
        List<Object> facts = List.of(RecordFacts.current("MedicationStatement/m", "VS-OPIOIDS", null),
                RecordFacts.diagnosis("Condition/c", "VS-SUD-ALCOHOL", null),
                RecordFacts.score("Observation/o", "VS-AUDIT-C", AS_OF, 9),
                new Allergy("AllergyIntolerance/a", Set.of()), new Person("Patient/p", 40, Sex.FEMALE));

        assertThat(EvidenceIds.ofAny(facts)).containsExactly("MedicationStatement/m", "Condition/c", "Observation/o",
                "AllergyIntolerance/a", "Patient/p");
        assertThat(EvidenceIds.ofAny(List.of())).isEmpty();
    }

    @Test
    void of_refusesAFactWithoutAResourceId() {
        assertThatThrownBy(() -> EvidenceIds.ofAny(List.of("not a fact")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("String");
    }
}
