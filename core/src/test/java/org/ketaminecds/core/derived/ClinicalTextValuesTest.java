package org.ketaminecds.core.derived;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Route;

class ClinicalTextValuesTest {

    @Test
    void number_dropsANeedlessPointZero_keepsARealFraction() {
        assertThat(ClinicalText.number(12.0)).isEqualTo("12");
        assertThat(ClinicalText.number(12.5)).isEqualTo("12.5");
        assertThat(ClinicalText.number(0.0)).isEqualTo("0");
        assertThat(ClinicalText.number(-3.25)).isEqualTo("-3.25");
        assertThat(ClinicalText.number(null)).isEqualTo("?");
    }

    @Test
    void rounded_roundsHalfUp_withoutTrailingZeros() {
        assertThat(ClinicalText.rounded(12.46, 1)).isEqualTo("12.5");
        assertThat(ClinicalText.rounded(12.44, 1)).isEqualTo("12.4");
        assertThat(ClinicalText.rounded(8.0, 1)).isEqualTo("8");
        assertThat(ClinicalText.rounded(140, 1)).isEqualTo("140");
        assertThat(ClinicalText.rounded(0.25, 1)).isEqualTo("0.3");
        assertThat(ClinicalText.rounded(1.005, 0)).isEqualTo("1");
        assertThat(ClinicalText.rounded(1.2345, 2)).isEqualTo("1.23");
    }

    @Test
    void list_joinsWithCommas_emptyIsEmpty() {
        assertThat(ClinicalText.list(List.of("MedicationStatement/a", "MedicationStatement/b")))
                .isEqualTo("MedicationStatement/a, MedicationStatement/b");
        assertThat(ClinicalText.list(List.of())).isEmpty();
    }

    @Test
    void routeName_namesEveryRoute() {
        assertThat(ClinicalText.routeName(Route.IV)).isEqualTo("intravenous");
        assertThat(ClinicalText.routeName(Route.IM)).isEqualTo("intramuscular");
        assertThat(ClinicalText.routeName(Route.SC)).isEqualTo("subcutaneous");
        assertThat(ClinicalText.routeName(Route.INTRANASAL)).isEqualTo("intranasal");
        assertThat(ClinicalText.routeName(Route.ORAL)).isEqualTo("oral");
        assertThat(ClinicalText.routeName(Route.SUBLINGUAL)).isEqualTo("sublingual");
    }
}
