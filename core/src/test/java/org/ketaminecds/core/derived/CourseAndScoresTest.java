package org.ketaminecds.core.derived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ketaminecds.core.MonitoringTestFacts.T0;
import static org.ketaminecds.core.MonitoringTestFacts.reading;
import static org.ketaminecds.core.MonitoringTestFacts.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.MonitoringTestFacts;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.vocabulary.Course;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;

/** Course phase, outcome scores and missed sessions: what the review rules read from a course. */
class CourseAndScoresTest {

    private static Instant day(int n) {
        return T0.plus(Duration.ofDays(n));
    }

    private static Evaluation reviewAt(Instant asOf) {
        return new Evaluation(Mode.REVIEW, asOf, asOf, asOf, null, null, null, true, MonitoringTestFacts.THRESHOLDS);
    }

    private static List<Session> sessionsOn(Product product, int... days) {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < days.length; i++) {
            sessions.add(session("s" + i, product, day(days[i]), day(days[i]).plusSeconds(7200), i + 1));
        }
        return sessions;
    }

    private static Course course(Product product, List<Session> sessions) {
        return new Course(product, sessions.get(0).start(), sessions.get(sessions.size() - 1).start(),
                sessions.stream().map(Session::id).toList());
    }

    @Test
    void esketamineInductionEndsAfterTheDaysOrTheSessionsWhicheverComesFirst() {
        List<Session> twice = sessionsOn(Product.ESKETAMINE, 0, 3);
        Course c = course(Product.ESKETAMINE, twice);
        assertTrue(CoursePhase.induction(c, reviewAt(day(27))));
        assertFalse(CoursePhase.induction(c, reviewAt(day(28))));
        assertEquals(day(28), CoursePhase.inductionEndpoint(c, twice, reviewAt(day(40))));
        List<Session> eight = sessionsOn(Product.ESKETAMINE, 0, 1, 2, 3, 4, 5, 6, 7);
        assertEquals(day(7).plusSeconds(7200), CoursePhase.inductionEndpoint(course(Product.ESKETAMINE, eight), eight,
                reviewAt(day(10))));
        assertFalse(CoursePhase.induction(course(Product.ESKETAMINE, eight), reviewAt(day(8))));
    }

    @Test
    void ketamineInductionEndsWithItsSixthSession() {
        List<Session> five = sessionsOn(Product.KETAMINE, 0, 2, 4, 6, 8);
        assertTrue(CoursePhase.induction(course(Product.KETAMINE, five), reviewAt(day(100))));
        assertNull(CoursePhase.inductionEndpoint(course(Product.KETAMINE, five), five, reviewAt(day(100))));
        List<Session> six = sessionsOn(Product.KETAMINE, 0, 2, 4, 6, 8, 10);
        assertEquals(day(10).plusSeconds(7200), CoursePhase.inductionEndpoint(course(Product.KETAMINE, six), six,
                reviewAt(day(100))));
    }

    @Test
    void theCourseProductIsThePlannedOneElseTheLatestSessions() {
        Session latest = session("s", Product.KETAMINE, T0, T0, 1);
        assertEquals(Product.KETAMINE, CoursePhase.courseProduct(reviewAt(T0), latest));
        Evaluation planned = new Evaluation(Mode.PRE_DOSE, T0, T0, T0, Product.ESKETAMINE, null, null, true,
                MonitoringTestFacts.THRESHOLDS);
        assertEquals(Product.ESKETAMINE, CoursePhase.courseProduct(planned, latest));
    }

    @Test
    void theScoreChangePrefersPhq9AndTakesTheSaferOfTiedScores() {
        List<Reading> scores = List.of(reading("p0", "VS-PHQ9-TOTAL", day(-31), 22.0),
                reading("p1", "VS-PHQ9-TOTAL", day(-2), 20.0), reading("p1b", "VS-PHQ9-TOTAL", day(-2), 18.0),
                reading("p2", "VS-PHQ9-TOTAL", day(20), 9.0), reading("p2b", "VS-PHQ9-TOTAL", day(20), 10.0),
                reading("m1", "LOCAL#madrs-total", day(-1), 30.0), reading("m2", "LOCAL#madrs-total", day(20), 10.0));
        ScoreChange change = ScoreChange.of(scores, T0, reviewAt(day(30)));
        assertEquals("p1b", change.baseline().id());
        assertEquals("p2b", change.latest().id());
        assertEquals("PHQ-9", change.scale());
        assertEquals(100.0 * 8 / 18, change.reductionPercent(), 1e-9);
    }

    @Test
    void theScoreChangeFallsBackToMadrsAndNeedsBothScores() {
        List<Reading> madrs = List.of(reading("p1", "VS-PHQ9-TOTAL", day(-2), 20.0),
                reading("m1", "LOCAL#madrs-total", day(-1), 30.0), reading("m2", "LOCAL#madrs-total", day(20), 10.0));
        assertEquals("MADRS", ScoreChange.of(madrs, T0, reviewAt(day(30))).scale());
        assertNull(ScoreChange.of(List.of(reading("p1", "VS-PHQ9-TOTAL", day(-2), 20.0)), T0, reviewAt(day(30))));
    }

    @Test
    void aMissedSessionNeedsALongerGapAndAWorsePhq9() {
        List<Session> weekly = sessionsOn(Product.ESKETAMINE, 0, 7, 14, 21);
        List<Reading> worse = List.of(reading("a", "VS-PHQ9-TOTAL", day(21), 8.0), reading("b", "VS-PHQ9-TOTAL", day(35), 14.0));
        MissedSession missed = MissedSession.withWorsening(reviewAt(day(36)), weekly, worse);
        assertEquals("15 days after the session of 2026-03-23 (planned about every 7 days); PHQ-9 8 -> 14", missed.gap());
        assertEquals(List.of("MedicationAdministration/s3", "a", "b"), missed.evidence());
        assertNull(MissedSession.withWorsening(reviewAt(day(35)), weekly, worse), "exactly planned + grace is not missed");
        assertNull(MissedSession.withWorsening(reviewAt(day(36)), weekly,
                List.of(reading("a", "VS-PHQ9-TOTAL", day(21), 14.0), reading("b", "VS-PHQ9-TOTAL", day(35), 14.0))));
    }

    @Test
    void aMissedSessionMayBeTheGapBeforeTheLatestSession() {
        List<Session> sessions = sessionsOn(Product.ESKETAMINE, 0, 7, 14, 30);
        List<Reading> worse = List.of(reading("a", "VS-PHQ9-TOTAL", day(14), 8.0), reading("b", "VS-PHQ9-TOTAL", day(29), 12.0));
        MissedSession missed = MissedSession.withWorsening(reviewAt(day(31)), sessions, worse);
        assertTrue(missed.gap().startsWith("16 days after the session of 2026-03-16"), missed.gap());
        assertNull(MissedSession.withWorsening(reviewAt(day(31)), sessionsOn(Product.ESKETAMINE, 0), worse));
    }

    @Test
    void seriesValuesAndRunsBelowALimit() {
        List<Reading> spo2 = List.of(reading("a", "VS-SPO2", T0.plusSeconds(60), 92.0),
                reading("b", "VS-SPO2", T0.plusSeconds(120), 95.0), reading("c", "VS-SPO2", T0.plusSeconds(180), 91.0),
                reading("d", "VS-SPO2", T0.plusSeconds(240), 90.0));
        assertEquals(90.0, ScoreSeries.lowest(spo2));
        assertEquals(95.0, ScoreSeries.highest(spo2));
        assertEquals(List.of("c", "d"), ScoreSeries.consecutiveBelow(spo2, 93), "a alone is no run");
        SessionOximetry oximetry = SessionOximetry.of(spo2, reviewAt(T0));
        assertEquals(List.of(), oximetry.critical(), "90 is not below SPO2_CRIT");
        assertEquals(List.of("c", "d"), oximetry.lowRun());
        assertEquals(90.0, oximetry.lowest());
        assertEquals(new SessionOximetry(0, null, List.of(), List.of()), SessionOximetry.of(List.of(), reviewAt(T0)));
    }
}
