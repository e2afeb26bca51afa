package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

    static final Thresholds THRESHOLDS = new Thresholds(Map.of(
            "PRE_DOSE_VITALS_MAX_AGE", new Thresholds.Threshold(60, "min", "clinic"),
            "SCREENING_BP_MAX_AGE", new Thresholds.Threshold(30, "d", "clinic"),
            "BP_TIER_A_SYSTOLIC", new Thresholds.Threshold(140, "mm[Hg]", "S1"),
            "SPO2_WARN", new Thresholds.Threshold(92.5, "%", "test")));

    @Test
    void duration_minutesAndDays_converted() {
        assertThat(THRESHOLDS.duration("PRE_DOSE_VITALS_MAX_AGE")).isEqualTo(Duration.ofMinutes(60));
        assertThat(THRESHOLDS.duration("SCREENING_BP_MAX_AGE")).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void duration_ofAPlainNumber_fails() {
        assertThatThrownBy(() -> THRESHOLDS.duration("BP_TIER_A_SYSTOLIC"))
                .hasMessage("threshold 'BP_TIER_A_SYSTOLIC' is in 'mm[Hg]', not a time unit");
    }

    @Test
    void number_wholeValue_isAnInteger() {
        assertThat(THRESHOLDS.number("BP_TIER_A_SYSTOLIC")).isEqualTo(140L);
        assertThat(THRESHOLDS.number("SPO2_WARN")).isEqualTo(92.5);
        assertThat(THRESHOLDS.describe("PRE_DOSE_VITALS_MAX_AGE")).isEqualTo("60 min");
    }

    @Test
    void withOverrides_knownName_newValueSameUnit() {
        Thresholds site = THRESHOLDS.withOverrides(Map.of("PRE_DOSE_VITALS_MAX_AGE", 90));

        assertThat(site.duration("PRE_DOSE_VITALS_MAX_AGE")).isEqualTo(Duration.ofMinutes(90));
        assertThat(THRESHOLDS.duration("PRE_DOSE_VITALS_MAX_AGE")).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void withOverrides_unknownName_failsNamingIt() {
        assertThatThrownBy(() -> THRESHOLDS.withOverrides(Map.of("BP_TEIR_A", 150)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown threshold 'BP_TEIR_A'");
    }
}
