package org.ketaminecds.core.derived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ketaminecds.core.derived.Facts.esketamine;
import static org.ketaminecds.core.derived.Facts.ketamine;

import java.util.List;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.vocabulary.Session;
import org.junit.jupiter.api.Test;

/** The session series facts of KET-TOL-002/003: too close, crowded, shrinking intervals, dose escalation. */
class SessionPatternsTest {

    private static final PlannedOrders NO_ORDERS = new PlannedOrders(List.of());

    @Test
    void plannedOrders_onlyThoseWithThePlannedDose_sorted() {
        var orders = List.of(Facts.order("MedicationRequest/b", 50.0), Facts.order("MedicationRequest/a", 50.0),
                Facts.order("MedicationRequest/c", 40.0), Facts.order("MedicationRequest/d", null));

        assertThat(PlannedOrders.of(orders, 50.0).ids()).containsExactly("MedicationRequest/a", "MedicationRequest/b");
        assertThat(PlannedOrders.of(orders, null).ids()).as("review: nothing planned").isEmpty();
    }

    @Test
    void tooClose_bothSessionsOfAPairUnder24h() {
        var result = SessionsTooClose.of(List.of(ketamine("a", 10, 40), ketamine("b", 9.5, 40), ketamine("c", 5, 40)),
                NO_ORDERS, Facts.review());

        assertThat(result.sessions()).extracting(Session::id).containsExactly("a", "b");
        assertThat(result.evidence()).containsExactly("MedicationAdministration/a", "MedicationAdministration/b");
    }

    @Test
    void tooClose_exactly24hApart_orOlderThanTheLookback_isNot() {
        assertThat(SessionsTooClose.of(List.of(ketamine("a", 10, 40), ketamine("b", 9, 40)), NO_ORDERS, Facts.review())
                .sessions()).isEmpty();
        assertThat(SessionsTooClose.of(List.of(ketamine("a", 40, 40), ketamine("b", 39.5, 40)), NO_ORDERS,
                Facts.review()).sessions()).as("judged at an earlier review").isEmpty();
    }

    @Test
    void tooClose_plannedSessionCounts_itsEvidenceIsThePlannedOrder() {
        var planned = new PlannedOrders(List.of("MedicationRequest/plan"));
        var result = SessionsTooClose.of(List.of(ketamine("a", 0.5, 40)), planned,
                Facts.preDose(Product.KETAMINE, 40.0, Route.IV));

        assertThat(result.sessions()).extracting(Session::id).containsExactly("a", SessionSeries.PLANNED);
        assertThat(result.evidence()).containsExactly("MedicationAdministration/a", "MedicationRequest/plan");
    }

    @Test
    void tooClose_aRecordedSessionAtT0IsThePlannedOne_notCountedTwice() {
        var result = SessionsTooClose.of(List.of(ketamine("a", 1.0 / 24, 40)), NO_ORDERS,
                Facts.preDose(Product.KETAMINE, 40.0, Route.IV));

        assertThat(result.sessions()).isEmpty();
    }

    @Test
    void crowded_esketamineInduction_threeIn7DaysAboveTwo() {
        var result = CrowdedSessions.of(Product.ESKETAMINE,
                List.of(esketamine("a", 6), esketamine("b", 4), esketamine("c", 1)), NO_ORDERS, Facts.review());

        assertThat(result.sessions()).extracting(Session::id).containsExactly("a", "b", "c");
        assertThat(result.induction()).isTrue();
    }

    @Test
    void crowded_esketamineMaintenance_twoIn7DaysAboveOne_butTwoInInductionIsAllowed() {
        var maintenance = CrowdedSessions.of(Product.ESKETAMINE,
                List.of(esketamine("first", 40), esketamine("a", 3), esketamine("b", 1)), NO_ORDERS, Facts.review());
        var induction = CrowdedSessions.of(Product.ESKETAMINE,
                List.of(esketamine("a", 3), esketamine("b", 1)), NO_ORDERS, Facts.review());

        assertThat(maintenance.sessions()).extracting(Session::id).containsExactly("a", "b");
        assertThat(maintenance.induction()).isFalse();
        assertThat(induction.sessions()).isEmpty();
    }

    @Test
    void crowded_ketamine_imSessionsDoNotCount() {
        List<Session> four = List.of(ketamine("a", 6, 40), ketamine("b", 4, 40), ketamine("c", 2, 40),
                Facts.session("d", Product.KETAMINE, Facts.daysAgo(1), 40.0, Route.IM));
        List<Session> fourIv = List.of(ketamine("a", 6, 40), ketamine("b", 4, 40), ketamine("c", 2, 40),
                Facts.session("d", Product.KETAMINE, Facts.daysAgo(1), 40.0, null));

        assertThat(CrowdedSessions.of(Product.KETAMINE, four, NO_ORDERS, Facts.review()).sessions()).isEmpty();
        assertThat(CrowdedSessions.of(Product.KETAMINE, fourIv, NO_ORDERS, Facts.review()).sessions()).hasSize(4);
    }

    @Test
    void shrinkingIntervals_mediansOfTheLastThreeAgainstTheThreeBefore() {
        // 6 induction sessions, then maintenance every 14 days, then every 4 days.
        List<Session> sessions = List.of(ketamine("i1", 120, 40), ketamine("i2", 118, 40), ketamine("i3", 116, 40),
                ketamine("i4", 114, 40), ketamine("i5", 112, 40), ketamine("i6", 110, 40), ketamine("m1", 54, 40),
                ketamine("m2", 40, 40), ketamine("m3", 26, 40), ketamine("m4", 12, 40), ketamine("m5", 8, 40),
                ketamine("m6", 4, 40));

        var result = ShrinkingIntervals.of(sessions, NO_ORDERS, Facts.review());

        assertThat(result.sessions()).extracting(Session::id).containsExactly("i6", "m1", "m2", "m3", "m4", "m5", "m6")
                .as("2 x 3 intervals");
        assertThat(result.recentMedianDays()).isEqualTo(4);
        assertThat(result.priorMedianDays()).isEqualTo(14);
        assertThat(result.shrunkBelow(50)).isTrue();
        assertThat(result.shrunkBelow(25)).isFalse();
    }

    @Test
    void shrinkingIntervals_stillInInduction_isNotJudged() {
        List<Session> sessions = List.of(ketamine("a", 20, 40), ketamine("b", 18, 40), ketamine("c", 16, 40),
                ketamine("d", 14, 40), ketamine("e", 3, 40), ketamine("f", 2, 40), ketamine("g", 1, 40));

        var result = ShrinkingIntervals.of(sessions, NO_ORDERS, Facts.review());

        assertThat(result.sessions()).isEmpty();
        assertThat(result.shrunkBelow(50)).isFalse();
    }

    @Test
    void escalation_threeIncreasesInARow() {
        var result = DoseEscalation.of(List.of(ketamine("a", 21, 40), ketamine("b", 14, 42), ketamine("c", 7, 44),
                ketamine("d", 1, 46)), NO_ORDERS, Facts.review());

        assertThat(result.sessions()).extracting(Session::id).containsExactly("a", "b", "c", "d");
    }

    @Test
    void escalation_aRiseOfHalfOverTheLowestDoseOfTheWindow() {
        var result = DoseEscalation.of(List.of(ketamine("a", 20, 40), ketamine("b", 14, 35), ketamine("c", 7, 35),
                ketamine("d", 1, 52.5)), NO_ORDERS, Facts.review());

        assertThat(result.sessions()).extracting(Session::id).containsExactly("b", "d");
        assertThat(result.evidence()).containsExactly("MedicationAdministration/b", "MedicationAdministration/d");
    }

    @Test
    void escalation_steadyDoses_orAnOldRise_isNone() {
        assertThat(DoseEscalation.of(List.of(ketamine("a", 14, 40), ketamine("b", 7, 40), ketamine("c", 1, 50)),
                NO_ORDERS, Facts.review()).sessions()).as("25% is below the rise").isEmpty();
        assertThat(DoseEscalation.of(List.of(ketamine("a", 60, 40), ketamine("b", 50, 80), ketamine("c", 1, 80)),
                NO_ORDERS, Facts.review()).sessions()).as("the rise is older than the lookback").isEmpty();
    }

    @Test
    void escalation_thePlannedDoseIsTheNewestPoint() {
        var planned = new PlannedOrders(List.of("MedicationRequest/plan"));
        var result = DoseEscalation.of(List.of(ketamine("a", 14, 40)), planned,
                Facts.preDose(Product.KETAMINE, 60.0, Route.IV));

        assertThat(result.sessions()).extracting(Session::id).containsExactly("a", SessionSeries.PLANNED);
        assertThat(result.evidence()).containsExactly("MedicationAdministration/a", "MedicationRequest/plan");
    }
}
