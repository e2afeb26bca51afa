package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    // --- expansions (what VSAC and terminology servers hand out) ----------------------------------------------------

    private static final String RX = "\"system\":\"" + Coding.RXNORM + "\"";
    private static final String SCT = "\"system\":\"" + Coding.SNOMED + "\"";

    @Test
    void of_expansionOnly_loadsEveryCodeNestedToo() {
        Terminology t = Terminology.of(Map.of("valuesets/VS-X.json", TestTerminology.json("{\"resourceType\":\"ValueSet\","
                + "\"id\":\"VS-X\",\"expansion\":{\"total\":3,\"contains\":[{" + SCT + ",\"code\":\"67362008\"},"
                + "{\"abstract\":true,\"display\":\"group\",\"contains\":[{" + SCT + ",\"code\":\"128609009\"},"
                + "{" + SCT + ",\"code\":\"233985008\"}]}]}}")));

        assertThat(t.conceptsOf(Coding.of(Coding.SNOMED, "67362008"))).containsExactly("VS-X");
        assertThat(t.conceptsOf(Coding.of(Coding.SNOMED, "233985008"))).containsExactly("VS-X");
        assertThat(t.conceptsOf(Coding.of(Coding.SNOMED, "6736200"))).isEmpty();
        assertThat(t.warnings()).isEmpty();
    }

    @Test
    void of_composeAndExpansion_expansionWinsWithAWarningNamingTheFile() {
        String file = "valuesets/VS-X.json";
        String text = "{\"resourceType\":\"ValueSet\",\"id\":\"VS-X\",\n\"compose\":{\"include\":[{" + SCT
                + ",\"concept\":[{\"code\":\"111\"}]}]},\n\"expansion\":{\"contains\":[{" + SCT + ",\"code\":\"222\"}]}}";
        Terminology t = Terminology.of(Map.of(file, TestTerminology.json(text)), Map.of(), Map.of(file, text)::get);

        assertThat(t.conceptsOf(Coding.of(Coding.SNOMED, "222"))).containsExactly("VS-X");
        assertThat(t.conceptsOf(Coding.of(Coding.SNOMED, "111"))).isEmpty();
        assertThat(t.warnings()).singleElement().satisfies(w -> {
            assertThat(w.file()).isEqualTo(file);
            assertThat(w.line()).isEqualTo(3);
            assertThat(w.message()).contains("both compose and expansion").contains("expansion is used");
        });
    }

    @Test
    void of_onePageOfAPagedExpansion_refusedAsIncomplete() {
        assertThatThrownBy(() -> Terminology.of(Map.of("valuesets/VS-X.json", TestTerminology.json(
                "{\"resourceType\":\"ValueSet\",\"id\":\"VS-X\",\"expansion\":{\"total\":2,\"offset\":0,"
                        + "\"contains\":[{" + SCT + ",\"code\":\"222\"}]}}"))))
                .isInstanceOf(KnowledgePackageException.class)
                .hasMessageContaining("valuesets/VS-X.json").hasMessageContaining("1 of its 2 codes");
    }

    // --- hierarchical filters ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"http://snomed.info/sct, is-a", "http://snomed.info/sct, descendent-of", "http://snomed.info/sct, generalizes",
            "http://snomed.info/sct, child-of", "http://loinc.org, is-a", "http://www.nlm.nih.gov/research/umls/rxnorm, is-a",
            "http://example.org/other, descendent-leaf", "http://snomed.info/sct, is-not-a"})
    void check_hierarchicalFilterOutsideIcd10CmAndNdc_refusedWithLineAndFix(String system, String op) {
        String file = "valuesets/VS-ANEURYSM.json";
        String text = "{\"resourceType\":\"ValueSet\",\"id\":\"VS-ANEURYSM\",\"compose\":{\"include\":[\n"
                + "  {\"system\":\"" + system + "\",\n   \"filter\":[{\"property\":\"concept\",\n"
                + "     \"op\":\"" + op + "\",\"value\":\"67362008\"}]}]}}";

        KnowledgePackageException e = catchThrowableOfType(KnowledgePackageException.class,
                () -> Terminology.check(file, TestTerminology.json(text), text));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(file);
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("'" + op + "'").contains(system)
                    .contains("list the codes or paste an expansion");
        });
    }

    @Test
    void of_madeUpSnomedCodeSharingAPrefix_neverMatchesBecauseTheFilterIsRefused() {
        assertThatThrownBy(() -> Terminology.of(Map.of("aaa.json", TestTerminology.valueSet("VS-ANEURYSM",
                "\"include\":[{" + SCT + ",\"filter\":[{\"property\":\"concept\",\"op\":\"is-a\",\"value\":\"67362008\"}]}]"))))
                .isInstanceOf(KnowledgePackageException.class).hasMessageContaining("is-a");
    }

    @Test
    void conceptsOf_isAOnNdc_labelerAndProductPrefix() {
        Terminology t = Terminology.of(Map.of("esk.json", TestTerminology.valueSet("VS-ESKETAMINE", "\"include\":[{"
                + "\"system\":\"" + Coding.NDC + "\",\"filter\":[{\"property\":\"concept\",\"op\":\"is-a\","
                + "\"value\":\"50458-028\"}]}]")));

        assertThat(t.conceptsOf(Coding.of(Coding.NDC, "50458-028-02"))).containsExactly("VS-ESKETAMINE");
        assertThat(t.conceptsOf(Coding.of(Coding.NDC, "50458-029-02"))).isEmpty();
    }

    // --- medication names and known codes ----------------------------------------------------------------------------

    private static Terminology medications() {
        return Terminology.of(
                Map.of("benzo.json", TestTerminology.valueSet("VS-BENZODIAZEPINES", "\"include\":[{" + RX
                                + ",\"concept\":[{\"code\":\"596\",\"display\":\"alprazolam\"}]}]"),
                        "amph.json", TestTerminology.valueSet("VS-AMPHETAMINE-DRUGS", "\"include\":[{" + RX
                                + ",\"concept\":[{\"code\":\"725\",\"display\":\"amphetamine\"}]}]"),
                        "maoi.json", TestTerminology.valueSet("VS-MAOI", "\"include\":[{" + RX
                                + ",\"concept\":[{\"code\":\"6878\",\"display\":\"methylene blue\"}]}]"),
                        "aneurysm.json", TestTerminology.valueSet("VS-ANEURYSM", "\"include\":[{" + SCT
                                + ",\"concept\":[{\"code\":\"67362008\",\"display\":\"Aortic aneurysm\"}]}]")),
                Map.of("map.json", TestTerminology.json("{\"resourceType\":\"ConceptMap\",\"group\":[{\"source\":\""
                        + Coding.RXNORM + "\",\"target\":\"" + Coding.RXNORM + "\",\"element\":["
                        + "{\"code\":\"308047\",\"target\":[{\"code\":\"596\",\"equivalence\":\"wider\"}]},"
                        + "{\"code\":\"895996\",\"display\":\"fluticasone inhaler\",\"target\":[{\"equivalence\":\"unmatched\","
                        + "\"comment\":\"inhaled, not nasal\"}]}]}]}")));
    }

    @Test
    void lookalikes_textNamingAnIngredientOfAMedicationValueSet_foundByWholeWords() {
        Terminology t = medications();

        assertThat(t.lookalikes("ALPRAZOLAM 0.5MG TAB")).singleElement().satisfies(l -> {
            assertThat(l.name()).isEqualTo("alprazolam");
            assertThat(l.code()).isEqualTo(Coding.of(Coding.RXNORM, "596"));
            assertThat(l.concepts()).containsExactly("VS-BENZODIAZEPINES");
        });
        assertThat(t.lookalikes("Methylene Blue 1% injection")).extracting(Terminology.Lookalike::name)
                .containsExactly("methylene blue");
        assertThat(t.lookalikes("Amphetamine/dextroamphetamine")).extracting(Terminology.Lookalike::name)
                .containsExactly("amphetamine");
    }

    @Test
    void lookalikes_partOfALongerWordOrNotAMedicationValueSet_none() {
        Terminology t = medications();

        assertThat(t.lookalikes("Dextroamphetamine 10 MG")).isEmpty();
        assertThat(t.lookalikes("methylene chloride")).isEmpty();
        assertThat(t.lookalikes("aortic aneurysm repair kit")).isEmpty();
        assertThat(t.lookalikes(null)).isEmpty();
    }

    @Test
    void knows_codesOfValueSetsAndConceptMapsOnly_unmatchedElementsIncluded() {
        Terminology t = medications();

        assertThat(t.knows(Coding.of(Coding.RXNORM, "596"))).isTrue();
        assertThat(t.knows(Coding.of(Coding.RXNORM, "308047"))).isTrue();
        assertThat(t.knows(Coding.of(Coding.RXNORM, "895996"))).isTrue();
        assertThat(t.conceptsOf(Coding.of(Coding.RXNORM, "895996"))).isEmpty();
        assertThat(t.knows(Coding.of(Coding.RXNORM, "197321"))).isFalse();
        assertThat(t.knows(Coding.of("urn:oid:2.16.840.1.113883.3.1234", "12345"))).isFalse();
        assertThat(t.knows(Coding.of(Coding.LOCAL, "escort-confirmed"))).isFalse();
    }
}
