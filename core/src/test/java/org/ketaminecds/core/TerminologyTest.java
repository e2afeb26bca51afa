package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.record.Coding;

class TerminologyTest {

    private final Terminology terminology = TestTerminology.standard();

    @Test
    void conceptsOf_icd10WithOrWithoutDot_sameConcept() {
        assertThat(terminology.conceptsOf(Coding.of(Coding.ICD10CM, "I71.40"))).containsExactly("VS-ANEURYSM");
        assertThat(terminology.conceptsOf(Coding.of(Coding.ICD10CM, "i7140"))).containsExactly("VS-ANEURYSM");
        assertThat(terminology.conceptsOf(Coding.of(Coding.ICD10CM, "I67.1"))).containsExactly("VS-ANEURYSM");
    }

    @Test
    void conceptsOf_isAFilter_matchesDescendantsOnlyOfThatCategory() {
        assertThat(terminology.conceptsOf(Coding.of(Coding.ICD10CM, "I71"))).containsExactly("VS-ANEURYSM");
        assertThat(terminology.conceptsOf(Coding.of(Coding.ICD10CM, "I72.0"))).isEmpty();
        assertThat(terminology.conceptsOf(Coding.of(Coding.ICD10CM, "I67.10"))).isEmpty();
    }

    @Test
    void conceptsOf_sameCodeOtherSystem_noConcept() {
        assertThat(terminology.conceptsOf(Coding.of(Coding.SNOMED, "I71.40"))).isEmpty();
    }

    @Test
    void conceptsOf_regexWithExclude_excludedCategoryLeftOut() {
        assertThat(terminology.conceptsOf(Coding.of(Coding.ICD10CM, "F10.20"))).containsExactly("VS-SUD-ANY");
        assertThat(terminology.conceptsOf(Coding.of(Coding.ICD10CM, "F17.210"))).isEmpty();
    }

    @Test
    void conceptsOf_includedValueSet_parentConceptToo() {
        assertThat(terminology.conceptsOf(Coding.of(Coding.RXNORM, "2201625")))
                .containsExactlyInAnyOrder("VS-ESKETAMINE", "VS-KETAMINE-PRODUCTS");
    }

    @Test
    void conceptsOf_localCode_isItsOwnConcept() {
        assertThat(terminology.conceptsOf(Coding.of(Coding.LOCAL, "escort-confirmed"))).containsExactly("LOCAL#escort-confirmed");
    }

    @Test
    void conceptsOf_severalCodings_union() {
        assertThat(terminology.conceptsOf(List.of(Coding.of(Coding.ICD10CM, "I71.2"), Coding.of(Coding.RXNORM, "6130"))))
                .containsExactlyInAnyOrder("VS-ANEURYSM", "VS-KETAMINE-RACEMIC", "VS-KETAMINE-PRODUCTS");
    }

    @Test
    void conceptsOf_productInConceptMap_countsAsItsIngredient() {
        Terminology withMap = Terminology.of(
                Map.of("esk.json", TestTerminology.valueSet("VS-SSRI", "\"include\":[{\"system\":\"" + Coding.RXNORM
                        + "\",\"concept\":[{\"code\":\"36437\"}]}]")),
                Map.of("map.json", TestTerminology.json("{\"resourceType\":\"ConceptMap\",\"group\":[{\"source\":\""
                        + Coding.RXNORM + "\",\"target\":\"" + Coding.RXNORM + "\",\"element\":[{\"code\":\"312941\","
                        + "\"target\":[{\"code\":\"36437\",\"equivalence\":\"wider\"}]}]}]}")));
        Coding product = Coding.of(Coding.RXNORM, "312941");

        assertThat(withMap.conceptsOf(product)).containsExactly("VS-SSRI");
        assertThat(withMap.ingredientsOf(List.of(product))).containsExactly("36437");
        assertThat(withMap.ingredientsOf(List.of(Coding.of(Coding.RXNORM, "36437")))).containsExactly("36437");
        assertThat(withMap.ingredientsOf(List.of(Coding.of(Coding.SNOMED, "36437")))).isEmpty();
    }

    @Test
    void representativeCode_listedIncludedOrLocal() {
        assertThat(terminology.representativeCode("VS-HR")).isEqualTo("http://loinc.org|8867-4");
        assertThat(terminology.representativeCode("VS-KETAMINE-PRODUCTS")).isEqualTo(Coding.RXNORM + "|2201625");
        assertThat(terminology.representativeCode("LOCAL#moaas-score")).isEqualTo(Coding.LOCAL + "|moaas-score");
        assertThat(terminology.representativeCode("VS-UNKNOWN")).isNull();
    }

    @Test
    void of_notAValueSet_namesTheFile() {
        assertThatThrownBy(() -> Terminology.of(Map.of("valuesets/x.json", TestTerminology.json("{\"resourceType\":\"CodeSystem\"}"))))
                .isInstanceOf(KnowledgePackageException.class)
                .hasMessage("valuesets/x.json: not a FHIR ValueSet (resourceType is 'CodeSystem')");
    }

    @Test
    void of_unknownIncludedValueSet_namesBoth() {
        assertThatThrownBy(() -> Terminology.of(Map.of("a.json", TestTerminology.valueSet("VS-A",
                "\"include\":[{\"valueSet\":[\"http://example.org/fhir/ValueSet/VS-MISSING\"]}]"))))
                .hasMessage("value set VS-A includes unknown value set VS-MISSING");
    }
}
