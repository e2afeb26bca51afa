package org.ketaminecds.core.derived;

import java.time.Instant;
import java.util.List;
import org.ketaminecds.core.vocabulary.Course;
import org.ketaminecds.core.vocabulary.Evaluation;

/**
 * The safety labs a ketamine course needs (KET-MON-018). Long-term (LONG_TERM_SESSIONS sessions or LONG_TERM_DAYS since
 * the first): ALT, AST, ALP, GGT and urine blood within LAB_SURVEILLANCE_INTERVAL before the reference time; before
 * that, a baseline liver panel from LAB_SURVEILLANCE_INTERVAL before the first session (T0 for a first session) on.
 *
 * @param longTerm          the course is long-term
 * @param from              where the labs count from
 * @param to                the reference time (T0 before dosing, else asOf)
 * @param missingLiverTests the liver tests with no result in the window, in panel order
 * @param urineBloodDue     long-term and no urine blood result in the window
 */
public record KetamineSafetyLabs(boolean longTerm, Instant from, Instant to, List<String> missingLiverTests,
                                 boolean urineBloodDue) {

    public KetamineSafetyLabs {
        missingLiverTests = List.copyOf(missingLiverTests);
    }

    /** Of the record's ketamine course (the first of {@code courses}, or none before a first session) and its labs. */
    public static KetamineSafetyLabs of(List<?> courses, List<?> labs, Evaluation ev) {
        Course course = courses.isEmpty() ? null : (Course) courses.get(0);
        Instant ref = MonitoringWindows.reference(ev);
        Instant first = course == null ? ev.t0() : course.firstStart();
        boolean longTerm = course != null && (course.sessionCount() >= ev.threshold("LONG_TERM_SESSIONS")
                || !course.age(ref).minus(ev.duration("LONG_TERM_DAYS")).isNegative());
        Instant from = (longTerm ? ref : first).minus(ev.duration("LAB_SURVEILLANCE_INTERVAL"));
        return new KetamineSafetyLabs(longTerm, from, ref, MonitoringLabs.missingLiverTests(labs, from, ref),
                longTerm && !MonitoringLabs.hasUrineBlood(labs, from, ref));
    }

    /** Some test is due. */
    public boolean anyDue() {
        return !missingLiverTests.isEmpty() || urineBloodDue;
    }

    /** What is due: "baseline LFTs (ALT, GGT)", "LFTs (ALT) and urinalysis (blood)". */
    public String items() {
        String lfts = missingLiverTests.isEmpty() ? null
                : (longTerm ? "" : "baseline ") + "LFTs (" + String.join(", ", missingLiverTests) + ")";
        String ua = urineBloodDue ? "urinalysis (blood)" : null;
        return lfts == null ? ua : ua == null ? lfts : lfts + " and " + ua;
    }
}
