package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WordingTest {

    private static final Thresholds DEFAULTS = new Thresholds(Map.of(
            "SCREENING_BP_MAX_AGE", new Thresholds.Threshold(30, "d", "S1"),
            "BP_TIER_A_SYSTOLIC", new Thresholds.Threshold(140, "mm[Hg]", "S1")));

    @Test
    void fill_thresholdPlaceholder_showsTheValueInForceWithItsUnit() {
        Thresholds site = DEFAULTS.withOverrides(Map.of("SCREENING_BP_MAX_AGE", 14));

        assertThat(Wording.fill("no BP within {SCREENING_BP_MAX_AGE}", Map.of(), DEFAULTS)).isEqualTo("no BP within 30 d");
        assertThat(Wording.fill("no BP within {SCREENING_BP_MAX_AGE}", Map.of(), site)).isEqualTo("no BP within 14 d");
    }

    @Test
    void fill_ruleValues_andUnknownNamesStayAsWritten() {
        String text = "{bp} above {BP_TIER_A_SYSTOLIC}; {missing} and {NOT_A_THRESHOLD}";

        assertThat(Wording.fill(text, Map.of("bp", "150/95 mmHg"), DEFAULTS))
                .isEqualTo("150/95 mmHg above 140 mm[Hg]; {missing} and {NOT_A_THRESHOLD}");
    }

    @Test
    void fill_valueHoldingABraceOrDollar_isInsertedLiterally() {
        assertThat(Wording.fill("{x}", Map.of("x", "$1 {bp}"), DEFAULTS)).isEqualTo("$1 {bp}");
    }

    @Test
    void placeholders_andThresholdNames() {
        assertThat(Wording.placeholders("a {bp} b {SCREENING_BP_MAX_AGE} {loadNote}"))
                .containsExactly("bp", "SCREENING_BP_MAX_AGE", "loadNote");
        assertThat(Wording.isThresholdName("WEIGHT_MAX_AGE")).isTrue();
        assertThat(Wording.isThresholdName("loadNote")).isFalse();
    }
}
