package org.ketaminecds.core.derived;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ketaminecds.core.vocabulary.Session;

/**
 * How values read in a finding's text: numbers without a needless ".0", doses in mg, times and intervals. The one
 * formatter the rules use for the values they hand to the wording ({@code Hit.with("dose", ClinicalText.mg(...))}).
 */
public final class ClinicalText {

    private ClinicalText() {
    }

    /** 93 rather than 93.0, 92.5 as it is; "?" when unknown. */
    public static String number(Double v) {
        if (v == null) {
            return "?";
        }
        return v == Math.rint(v) ? String.valueOf(v.longValue()) : String.valueOf(v);
    }

    /** Whole minutes from {@code from} to {@code to}: "95 min". */
    public static String minutes(Instant from, Instant to) {
        return Duration.between(from, to).toMinutes() + " min";
    }

    /** How long after T0 something happened: "T0+40 min". */
    public static String sinceT0(Instant t0, Instant at) {
        return "T0+" + Duration.between(t0, at).toMinutes() + " min";
    }

    /** A window of minutes: "30-50 min". */
    public static String minuteRange(Duration from, Duration to) {
        return from.toMinutes() + "-" + to.toMinutes() + " min";
    }

    /** The calendar date (UTC) of an instant: "2026-03-01". */
    public static String date(Instant at) {
        return at.toString().substring(0, 10);
    }

    /** The dates of the sessions, in time order: "2026-03-01, 2026-03-08". */
    public static String sessionDates(List<?> sessions) {
        List<String> dates = new ArrayList<>();
        for (Session s : MonitoringWindows.<Session>sortedByTime(sessions)) {
            dates.add(date(s.start()));
        }
        return String.join(", ", dates);
    }

    /** The date of the latest of the sessions. */
    public static String latestSessionDate(List<?> sessions) {
        List<Session> sorted = MonitoringWindows.sortedByTime(sessions);
        return date(sorted.get(sorted.size() - 1).start());
    }

    /** A percentage rounded to a whole number: "43%". */
    public static String percent(double value) {
        return Math.round(value) + "%";
    }
}
