package org.ketaminecds.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.Outcome;
import org.ketaminecds.core.Product;

class ScenarioTest {

    private static final String BUNDLE = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[]}";

    @Test
    void parse_bundleByRelativePath_readsSiblingFile() throws ScenarioException {
        String yaml = """
                name: by path
                bundle: ../bundles/x.json
                mode: pre-dose
                asOf: 2026-03-01
                product: esketamine
                thresholds: {BP_TIER_A_SYSTOLIC: 150}
                expect:
                  - { ruleId: KET-MON-001, outcome: CANNOT_ASSESS, severity: CRITICAL }
                mustNotFire: [KET-MON-002]
                """;
        Map<String, byte[]> files = Map.of("bundles/x.json", BUNDLE.getBytes(UTF_8));

        Scenario s = Scenario.parse("monitoring/a.yaml", yaml.getBytes(UTF_8), files::get);

        assertThat(s.bundleJson()).isEqualTo(BUNDLE);
        assertThat(s.mode()).isEqualTo(Mode.PRE_DOSE);
        assertThat(s.asOf()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(s.product()).isEqualTo(Product.ESKETAMINE);
        assertThat(s.thresholds()).containsEntry("BP_TIER_A_SYSTOLIC", 150.0);
        assertThat(s.expect()).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.CANNOT_ASSESS));
        assertThat(s.mustNotFire()).containsExactly("KET-MON-002");
    }

    @Test
    void parse_misspelledField_namesFileAndField() {
        String yaml = "name: x\nbundleInline: {}\nmode: candidacy\nasOf: 2026-03-01\nexpectt: []\n";

        assertThatThrownBy(() -> Scenario.parse("c/x.yaml", yaml.getBytes(UTF_8), p -> null))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("c/x.yaml: unknown field 'expectt'");
    }

    @Test
    void parse_badOutcome_namesFileFieldAndPosition() {
        String yaml = "name: x\nbundleInline: {}\nmode: candidacy\nasOf: 2026-03-01\n"
                + "expect: [ { ruleId: KET-CAND-001, outcome: FIRES } ]\n";

        assertThatThrownBy(() -> Scenario.parse("c/x.yaml", yaml.getBytes(UTF_8), p -> null))
                .hasMessage("c/x.yaml: expect[0]: outcome 'FIRES' is not valid");
    }

    @Test
    void parse_missingBundleFile_saysWhereItLooked() {
        String yaml = "name: x\nbundle: nope.json\nmode: candidacy\nasOf: 2026-03-01\nmustNotFire: [KET-CAND-001]\n";

        assertThatThrownBy(() -> Scenario.parse("c/x.yaml", yaml.getBytes(UTF_8), p -> null))
                .hasMessage("c/x.yaml: bundle 'nope.json' not found (looked for c/nope.json)");
    }

    @Test
    void parse_badMode_listsTheModes() {
        String yaml = "name: x\nbundleInline: {}\nmode: predose\nasOf: 2026-03-01\nmustNotFire: [KET-CAND-001]\n";

        assertThatThrownBy(() -> Scenario.parse("c/x.yaml", yaml.getBytes(UTF_8), p -> null))
                .hasMessageContaining("mode 'predose' is not valid")
                .hasMessageContaining("candidacy, pre-dose, post-dose or review");
    }

    private static final String BASE = """
            # an adult with recurrent depression
            resourceType: Bundle
            type: collection
            entry:
            - resource: {resourceType: Patient, id: p1, gender: female, birthDate: '1980-05-01'}
            - resource: {resourceType: Condition, id: mdd, code: {text: depression}}
            - resource: {resourceType: Observation, id: bp, status: final}
            """;
    private static final ScenarioBases BASES = ScenarioBases.of(Map.of(
            "bases/adult-mdd.yaml", BASE.getBytes(UTF_8),
            "bases/broken.yaml", "resourceType: Patient\nid: p1\n".getBytes(UTF_8)), "scenarios/");
    private static final String HEAD = "name: x\nmode: candidacy\nasOf: 2026-03-01\nmustNotFire: [KET-CAND-001]\n";

    @Test
    void parse_base_keepsTheBaseOrderReplacesInPlaceRemovesThenAdds() throws ScenarioException {
        String yaml = HEAD + """
                base: adult-mdd
                replace:
                - {resourceType: Patient, id: p1, gender: male, birthDate: '1980-05-01'}
                remove: [Observation/bp]
                add:
                - {resourceType: Condition, id: gad, code: {text: anxiety}}
                """;

        Scenario s = Scenario.parse("c/x.yaml", yaml.getBytes(UTF_8), p -> null, BASES);

        assertThat(s.bundleJson()).isEqualTo("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
                + "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"male\",\"birthDate\":\"1980-05-01\"}},"
                + "{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"mdd\",\"code\":{\"text\":\"depression\"}}},"
                + "{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"gad\",\"code\":{\"text\":\"anxiety\"}}}]}");
    }

    @Test
    void parse_baseAlone_givesTheBaseBundle() throws ScenarioException {
        Scenario s = Scenario.parse("c/x.yaml", (HEAD + "base: adult-mdd\n").getBytes(UTF_8), p -> null, BASES);

        assertThat(s.bundleJson()).contains("\"id\":\"p1\"", "\"id\":\"mdd\"", "\"id\":\"bp\"");
    }

    @Test
    void parse_unknownBase_listsTheBases() {
        assertThatThrownBy(() -> Scenario.parse("c/x.yaml", (HEAD + "base: adult\n").getBytes(UTF_8), p -> null, BASES))
                .hasMessage("c/x.yaml: unknown base 'adult' (known: adult-mdd, broken)");
    }

    @Test
    void parse_replaceOrRemoveWhatTheBaseLacks_namesTheResourceAndWhatItHas() {
        String replace = HEAD + "base: adult-mdd\nreplace: [{resourceType: Condition, id: gad}]\n";
        String remove = HEAD + "base: adult-mdd\nremove: [Observation/hr]\n";

        assertThatThrownBy(() -> Scenario.parse("c/x.yaml", replace.getBytes(UTF_8), p -> null, BASES))
                .hasMessage("c/x.yaml: replace[0]: base 'adult-mdd' has no Condition/gad "
                        + "(it has Patient/p1, Condition/mdd, Observation/bp)");
        assertThatThrownBy(() -> Scenario.parse("c/x.yaml", remove.getBytes(UTF_8), p -> null, BASES))
                .hasMessageStartingWith("c/x.yaml: remove[0]: base 'adult-mdd' has no Observation/hr (it has");
    }

    @Test
    void parse_addAnIdAlreadyThere_saysToReplace() {
        String again = HEAD + "base: adult-mdd\nadd: [{resourceType: Condition, id: gad}, {resourceType: Condition, id: gad}]\n";
        String base = HEAD + "base: adult-mdd\nadd: [{resourceType: Condition, id: mdd}]\n";
        String noId = HEAD + "base: adult-mdd\nadd: [{resourceType: Condition}]\n";

        assertThatThrownBy(() -> Scenario.parse("c/x.yaml", again.getBytes(UTF_8), p -> null, BASES))
                .hasMessage("c/x.yaml: add[1]: Condition/gad is already in the bundle (to change the base's, use replace)");
        assertThatThrownBy(() -> Scenario.parse("c/x.yaml", base.getBytes(UTF_8), p -> null, BASES))
                .hasMessageStartingWith("c/x.yaml: add[0]: Condition/mdd is already in the bundle");
        assertThatThrownBy(() -> Scenario.parse("c/x.yaml", noId.getBytes(UTF_8), p -> null, BASES))
                .hasMessage("c/x.yaml: add[0]: a resource needs a resourceType and an id");
    }

    @Test
    void parse_baseThatIsNotABundle_namesTheBaseFile() {
        assertThat(BASES.problems()).containsExactly("scenarios/bases/broken.yaml: a base must be a FHIR Bundle "
                + "(resourceType: Bundle, with an entry list)");
        assertThatThrownBy(() -> Scenario.parse("c/x.yaml", (HEAD + "base: broken\n").getBytes(UTF_8), p -> null, BASES))
                .hasMessage("c/x.yaml: base 'broken' cannot be used: scenarios/bases/broken.yaml: a base must be a "
                        + "FHIR Bundle (resourceType: Bundle, with an entry list)");
    }

    @Test
    void parse_baseWithAnotherBundleOrChangesWithoutBase_isRefused() {
        String both = HEAD + "base: adult-mdd\nbundleInline: {}\n";
        String orphan = HEAD + "bundleInline: {}\nadd: []\n";

        assertThatThrownBy(() -> Scenario.parse("c/x.yaml", both.getBytes(UTF_8), p -> null, BASES))
                .hasMessage("c/x.yaml: give one of bundle, bundleInline or base, not bundleInline and base");
        assertThatThrownBy(() -> Scenario.parse("c/x.yaml", orphan.getBytes(UTF_8), p -> null, BASES))
                .hasMessage("c/x.yaml: 'add' changes a base: name one with 'base'");
    }
}
