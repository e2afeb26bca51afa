package org.ketaminecds.core.derived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ketaminecds.core.derived.RecordFacts.bp;
import static org.ketaminecds.core.derived.RecordFacts.daysAgo;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScreeningBloodPressureTest {

    @Test
    void noReading_isEmpty_bothComponentsMissing() {
        ScreeningBloodPressure bp = ScreeningBloodPressure.of(List.of());

        assertThat(bp.isEmpty()).isTrue();
        assertThat(bp.complete()).isFalse();
        assertThat(bp.missing()).isEqualTo("systolic and diastolic");
        assertThat(bp.known()).isNull();
        assertThat(bp.knownValue()).isNull();
        assertThat(bp.above(0, 0)).isFalse();
        assertThat(bp.evidence()).isEmpty();
    }

    @Test
    void latestPanel_decides_andIsJudgedStrictlyAboveATier() {
        ScreeningBloodPressure bp = ScreeningBloodPressure.of(List.of(
                bp("Observation/old", daysAgo(9), 190.0, 110.0), bp("Observation/new", daysAgo(2), 150.0, 90.0)));

        assertThat(bp.complete()).isTrue();
        assertThat(bp.display()).isEqualTo("150/90 mmHg");
        assertThat(bp.evidence()).containsExactly("Observation/new");
        assertThat(bp.above(140, 90)).isTrue();
        assertThat(bp.above(150, 90)).isFalse();
        assertThat(bp.known()).isNull();
        assertThat(bp.missing()).isNull();
    }

    @Test
    void loneComponent_namesTheMissingOne_andTheKnownValueToOneDecimal() {
        ScreeningBloodPressure diastolicOnly = ScreeningBloodPressure.of(List.of(bp("Observation/d", daysAgo(1), null,
                94.46)));

        assertThat(diastolicOnly.complete()).isFalse();
        assertThat(diastolicOnly.isEmpty()).isFalse();
        assertThat(diastolicOnly.missing()).isEqualTo("systolic");
        assertThat(diastolicOnly.known()).isEqualTo("diastolic");
        assertThat(diastolicOnly.knownValue()).isEqualTo("94.5");

        ScreeningBloodPressure systolicOnly = ScreeningBloodPressure.of(List.of(bp("Observation/s", daysAgo(1), 162.0,
                null)));
        assertThat(systolicOnly.known()).isEqualTo("systolic");
        assertThat(systolicOnly.knownValue()).isEqualTo("162");
        assertThat(systolicOnly.missing()).isEqualTo("diastolic");
    }

    @Test
    void unpairedComponents_makeAComplete_BP_between_them() {
        ScreeningBloodPressure bp = ScreeningBloodPressure.of(List.of(bp("Observation/s", daysAgo(1), 132.0, null),
                bp("Observation/d", daysAgo(1).plusSeconds(300), null, 84.0)));

        assertThat(bp.complete()).isTrue();
        assertThat(bp.evidence()).containsExactly("Observation/s", "Observation/d");
    }
}
