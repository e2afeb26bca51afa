package org.ketaminecds.core.derived;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.Route;
import org.junit.jupiter.api.Test;

class ClinicalTextTest {

    @Test
    void number_twoDecimalsWithoutTrailingZeros() {
        assertThat(ClinicalText.number(56.0)).isEqualTo("56");
        assertThat(ClinicalText.number(0.5)).isEqualTo("0.5");
        assertThat(ClinicalText.number(4.0 / 3)).isEqualTo("1.33");
        assertThat(ClinicalText.number(1.005e3)).isEqualTo("1005");
        assertThat(ClinicalText.number(0.004)).isEqualTo("0");
    }

    @Test
    void dateTime_utcToTheMinute() {
        assertThat(ClinicalText.dateTime(Instant.parse("2026-03-01T09:30:59Z"))).isEqualTo("2026-03-01 09:30");
    }

    @Test
    void daysRoundedDown_aMinuteShortOfALimitNeverReachesIt() {
        assertThat(ClinicalText.daysRoundedDown(23.99)).isEqualTo("23.9");
        assertThat(ClinicalText.daysRoundedDown(24.0)).isEqualTo("24");
    }

    @Test
    void sessionTimesAndDoses_markThePlannedSession() {
        Instant t = Instant.parse("2026-03-01T09:30:00Z");
        var given = Facts.session("Encounter/1", Product.KETAMINE, t, 40.0, Route.IV);
        var planned = Facts.session(SessionSeries.PLANNED, Product.KETAMINE, t.plusSeconds(86400), 60.0, Route.IV);

        assertThat(ClinicalText.sessionTimes(List.of(given, planned)))
                .isEqualTo("2026-03-01 09:30, planned 2026-03-02 09:30");
        assertThat(ClinicalText.sessionDoses(List.of(given, planned)))
                .isEqualTo("40 mg 2026-03-01 09:30, 60 mg planned 2026-03-02 09:30");
    }

    @Test
    void doseGivenAndRoute_plannedOrGiven_andAMissingRouteJudgedAsIv() {
        assertThat(ClinicalText.doseGiven(80, null)).isEqualTo("80 mg planned");
        assertThat(ClinicalText.doseGiven(80, Instant.parse("2026-03-01T09:30:00Z"))).isEqualTo("80 mg on 2026-03-01 09:30");
        assertThat(ClinicalText.route(null)).isEqualTo("route not recorded, judged as IV");
        assertThat(ClinicalText.route(Route.IM)).isEqualTo("IM");
        assertThat(ClinicalText.route(Route.IV)).isEqualTo("IV");
    }

    @Test
    void numbers_joined() {
        assertThat(ClinicalText.numbers(List.of(3.5, 2.0, 0.25))).isEqualTo("3.5, 2, 0.25");
        assertThat(ClinicalText.numbers(List.of())).isEmpty();
    }
}
