package org.ketaminecds.core.derived;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Session;

/**
 * The sessions of one product in time order, with the planned dose as the newest point in pre-dose mode, so that a
 * schedule or an escalation is caught before the dose, not after it.
 */
final class SessionSeries {

    /** Sessions by start, then id: an order that never depends on the engine's. */
    static final Comparator<Session> IN_TIME_ORDER = Comparator.comparing(Session::start).thenComparing(Session::id);

    /** The id of the planned session: its evidence is the planned order. */
    static final String PLANNED = "planned";

    private SessionSeries() {
    }

    static boolean isPlanned(Session s) {
        return PLANNED.equals(s.id());
    }

    /**
     * Sessions of one product (null: all) in time order; in pre-dose mode the planned session at T0 is added when the
     * planned product may be that product and it has not begun already.
     */
    static List<Session> of(Collection<?> sessions, Evaluation ev, Product product) {
        List<Session> series = new ArrayList<>();
        for (Object o : sessions) {
            Session s = (Session) o;
            if (product == null || s.product() == product) {
                series.add(s);
            }
        }
        if (ev.mode() == Mode.PRE_DOSE && (product == null || ev.productMayBe(product))
                && !plannedAlreadyGiven(sessions, ev)) {
            series.add(new Session(PLANNED, ev.product(), ev.t0(), ev.t0(), ev.doseMg(), ev.route(), List.of(), false,
                    null, 0, true));
        }
        series.sort(IN_TIME_ORDER);
        return series;
    }

    /**
     * True when a recorded session of the planned product (or of any product, when it is unknown) starts less than
     * TOL_SAME_SESSION_WINDOW from T0: the planned session has begun (a pre-dose evaluation run late), so it is not
     * counted twice.
     */
    private static boolean plannedAlreadyGiven(Collection<?> sessions, Evaluation ev) {
        for (Object o : sessions) {
            Session s = (Session) o;
            if ((ev.product() == null || s.product() == ev.product())
                    && Duration.between(s.start(), ev.t0()).abs().compareTo(ev.duration("TOL_SAME_SESSION_WINDOW")) < 0) {
                return true;
            }
        }
        return false;
    }

    /** The planned session, or one in the last TOL_FREQUENCY_LOOKBACK: older patterns were judged at earlier reviews. */
    static boolean isRecent(Session s, Evaluation ev) {
        return isPlanned(s) || !s.start().isBefore(ev.asOf().minus(ev.duration("TOL_FREQUENCY_LOOKBACK")));
    }
}
