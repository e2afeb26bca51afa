package org.ketaminecds.core.derived;

import java.time.Instant;
import java.util.List;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Medication;
import org.ketaminecds.core.vocabulary.Session;

/** The moments of a dosing session: when dosing ended, the earliest time the patient may leave. */
public final class SessionTimes {

    private SessionTimes() {
    }

    /**
     * The latest end of the session's administrations (an administration without an end ends at its start);
     * {@code null} while one is still running (in progress, with no end or one after asOf).
     */
    static Instant dosingEnd(Session s, List<?> administrations, Evaluation ev) {
        Instant end = null;
        for (Object o : administrations) {
            Medication m = (Medication) o;
            if (!s.administrations().contains(m.id())) {
                continue;
            }
            if ("in-progress".equals(m.status()) && (m.end() == null || m.end().isAfter(ev.asOf()))) {
                return null;
            }
            Instant mEnd = m.end() != null ? m.end() : m.start();
            if (end == null || mEnd.isAfter(end)) {
                end = mEnd;
            }
        }
        return end;
    }

    /** The end of dosing, or now (asOf, not before T0) while dosing goes on: the earliest the recovery can start. */
    static Instant dosingEndOrNow(Session s, List<?> administrations, Evaluation ev) {
        Instant end = dosingEnd(s, administrations, ev);
        if (end != null) {
            return end;
        }
        return ev.asOf().isAfter(ev.t0()) ? ev.asOf() : ev.t0();
    }

    /**
     * The earliest time the patient may leave: OBS_MIN_ESK after T0 (esketamine), OBS_MIN_KET after the end of dosing
     * (ketamine); the later of the two when the product is unknown.
     */
    static Instant earliestDischarge(Evaluation ev, Instant dosingEnd) {
        Instant esk = ev.t0().plus(ev.duration("OBS_MIN_ESK"));
        Instant ket = dosingEnd.plus(ev.duration("OBS_MIN_KET"));
        if (ev.product() == Product.ESKETAMINE) {
            return esk;
        }
        if (ev.product() == Product.KETAMINE) {
            return ket;
        }
        return esk.isAfter(ket) ? esk : ket;
    }

    /** The session's route is IV, or unknown while the planned route is IV or unknown: an infusion to watch. */
    public static boolean ivOrUnknown(Route route, Evaluation ev) {
        return route == Route.IV || (route == null && (ev.route() == null || ev.route() == Route.IV));
    }
}
