package org.ketaminecds.core.derived;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Latest;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;

/**
 * A missed session with worse PHQ-9 (KET-MON-019): a gap between sessions longer than the planned interval (the median
 * of up to MON_PLANNED_INTERVAL_SESSIONS earlier intervals) by more than MON_MISSED_SESSION_GRACE, with the latest
 * PHQ-9 during the gap higher than the latest one at its start.
 *
 * @param gap      e.g. "20 days after the session of 2026-03-01 (planned about every 7 days); PHQ-9 8 -> 14"
 * @param evidence the administrations of the session before the gap and the two PHQ-9 readings
 */
public record MissedSession(String gap, List<String> evidence) {

    public MissedSession {
        evidence = List.copyOf(evidence);
    }

    /** The open gap since the latest session, else the gap before it; {@code null} when neither qualifies. */
    public static MissedSession withWorsening(Evaluation ev, List<?> sessions, List<?> phq) {
        List<Session> sorted = MonitoringWindows.sortedByTime(sessions);
        int n = sorted.size();
        if (n < 2) {
            return null;
        }
        MissedSession open = gap(ev, sorted, n - 1, ev.asOf(), phq);
        if (open != null || n < 3) {
            return open;
        }
        return gap(ev, sorted, n - 2, sorted.get(n - 1).start(), phq);
    }

    private static MissedSession gap(Evaluation ev, List<Session> sorted, int index, Instant until, List<?> phq) {
        int count = (int) ev.threshold("MON_PLANNED_INTERVAL_SESSIONS");
        List<Duration> intervals = new ArrayList<>();
        for (int i = Math.max(1, index - count + 1); i <= index; i++) {
            intervals.add(Duration.between(sorted.get(i - 1).start(), sorted.get(i).start()));
        }
        if (intervals.isEmpty()) {
            return null;
        }
        Collections.sort(intervals);
        int mid = intervals.size() / 2;
        Duration planned = intervals.size() % 2 == 1 ? intervals.get(mid)
                : intervals.get(mid - 1).plus(intervals.get(mid)).dividedBy(2);
        Session from = sorted.get(index);
        Duration gap = Duration.between(from.start(), until);
        if (gap.compareTo(planned.plus(ev.duration("MON_MISSED_SESSION_GRACE"))) <= 0) {
            return null;
        }
        List<Reading> before = new ArrayList<>();
        List<Reading> during = new ArrayList<>();
        for (Object o : phq) {
            Reading r = (Reading) o;
            if (r.effective() == null) {
                continue;
            }
            if (!r.effective().isAfter(from.start())) {
                before.add(r);
            } else if (!r.effective().isAfter(until)) {
                during.add(r);
            }
        }
        Reading b = Latest.of(before, Reading.LOWER_VALUE_FIRST); // ties (§2.5): the reading that shows worsening
        Reading d = Latest.of(during, Reading.HIGHER_VALUE_FIRST);
        if (b == null || d == null || d.value() <= b.value()) {
            return null;
        }
        List<String> evidence = new ArrayList<>(from.administrations());
        evidence.add(b.id());
        evidence.add(d.id());
        return new MissedSession(gap.toDays() + " days after the session of " + ClinicalText.date(from.start())
                + " (planned about every " + planned.toDays() + " days); PHQ-9 " + ClinicalText.number(b.value())
                + " -> " + ClinicalText.number(d.value()), evidence);
    }
}
