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
}
