package org.ketaminecds.core.derived;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Session;

/**
 * Sessions of any product that start less than TOL_MIN_SESSION_GAP after the one before (start to start), the later
 * of each pair in the last TOL_FREQUENCY_LOOKBACK or planned (KET-TOL-003).
 *
 * @param sessions both sessions of each such pair, in time order; empty when none
 * @param evidence their administrations, and the planned orders for the planned session
 */
public record SessionsTooClose(List<Session> sessions, List<String> evidence) {

    public SessionsTooClose {
        sessions = List.copyOf(sessions);
        evidence = List.copyOf(evidence);
    }

    public static SessionsTooClose of(Collection<?> sessions, PlannedOrders planned, Evaluation ev) {
        List<Session> series = SessionSeries.of(sessions, ev, null);
        Duration gap = ev.duration("TOL_MIN_SESSION_GAP");
        Set<Session> found = new LinkedHashSet<>();
        for (int k = 1; k < series.size(); k++) {
            Session now = series.get(k);
            Session before = series.get(k - 1);
            if (SessionSeries.isRecent(now, ev) && Duration.between(before.start(), now.start()).compareTo(gap) < 0) {
                found.add(before);
                found.add(now);
            }
        }
        List<Session> close = new ArrayList<>(found);
        return new SessionsTooClose(close, EvidenceIds.ofSessions(close, planned.ids()));
    }
}
