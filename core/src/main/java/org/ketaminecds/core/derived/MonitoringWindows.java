package org.ketaminecds.core.derived;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.vocabulary.BloodPressure;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;
import org.ketaminecds.core.vocabulary.Timed;

/**
 * The time windows the monitoring rules judge facts in: the session (T0 to the discharge time), after the dose, a
 * closed check window, the reference time. A fact without a time is in no window.
 */
public final class MonitoringWindows {

    private MonitoringWindows() {
    }

    /** In {@code [from, to]}, both edges included. */
    public static boolean between(Timed t, Instant from, Instant to) {
        Instant at = t.effective();
        return at != null && !at.isBefore(from) && !at.isAfter(to);
    }

    /** In {@code (end - length, end]}: "less than length before end". */
    public static boolean openWindow(Timed t, Instant end, java.time.Duration length) {
        Instant at = t.effective();
        return at != null && at.isAfter(end.minus(length)) && !at.isAfter(end);
    }

    /** Strictly after {@code moment}. */
    public static boolean after(Timed t, Instant moment) {
        Instant at = t.effective();
        return at != null && at.isAfter(moment);
    }

    /** From T0 to the discharge time, edges included. */
    public static boolean inSession(Timed t, Evaluation ev) {
        return between(t, ev.t0(), ev.discharge());
    }

    /** After T0 (strictly) up to the discharge time: a reading taken after dosing. */
    static boolean afterDose(Timed t, Evaluation ev) {
        Instant at = t.effective();
        return at != null && at.isAfter(ev.t0()) && !at.isAfter(ev.discharge());
    }

    /** The session Encounter ended before asOf: the patient has left. */
    public static boolean discharged(Evaluation ev) {
        return ev.discharge().isBefore(ev.asOf());
    }

    /** A window ending at {@code end} has closed: asOf is past it, or the patient has left. */
    static boolean closed(Evaluation ev, Instant end) {
        return ev.asOf().isAfter(end) || discharged(ev);
    }

    /** The time "recent" is measured back from: the planned T0 in pre-dose mode, otherwise asOf. */
    public static Instant reference(Evaluation ev) {
        return ev.mode() == Mode.PRE_DOSE ? ev.t0() : ev.asOf();
    }

    /**
     * Timed facts in time order, then by issued (§2.5), then by id, so that results never depend on the engine's
     * order; facts without a time are left out.
     */
    static <T extends Timed> List<T> sortedByTime(List<?> facts) {
        List<T> sorted = new ArrayList<>();
        for (Object o : facts) {
            @SuppressWarnings("unchecked")
            T t = (T) o;
            if (t.effective() != null) {
                sorted.add(t);
            }
        }
        // An insertion sort, as the rules always had: with issued known for only some facts the order is not a total
        // one, and a different algorithm could order such facts differently.
        for (int i = 1; i < sorted.size(); i++) {
            for (int j = i; j > 0; j--) {
                T a = sorted.get(j - 1);
                if (TIME_ORDER.compare(a, sorted.get(j)) > 0) {
                    sorted.set(j - 1, sorted.get(j));
                    sorted.set(j, a);
                }
            }
        }
        return sorted;
    }

    private static final Comparator<Timed> TIME_ORDER = (a, b) -> {
        int c = a.effective().compareTo(b.effective());
        if (c == 0 && a.issued() != null && b.issued() != null) {
            c = a.issued().compareTo(b.issued());
        }
        return c != 0 ? c : key(a).compareTo(key(b));
    };

    private static String key(Timed t) {
        if (t instanceof Reading r) {
            return r.id();
        }
        if (t instanceof BloodPressure bp) {
            return String.valueOf(bp.evidence());
        }
        if (t instanceof Session s) {
            return s.id();
        }
        return String.valueOf(t);
    }
}
