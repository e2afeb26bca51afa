package org.ketaminecds.core.derived;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Session;

/**
 * Racemic ketamine doses escalating (KET-TOL-002): TOL_ESCALATION_CONSECUTIVE increases in a row, or a dose at least
 * TOL_ESCALATION_RISE_PCT above the lowest of the TOL_ESCALATION_WINDOW before it (session totals; the planned dose in
 * pre-dose mode), reaching into the last TOL_FREQUENCY_LOOKBACK.
 *
 * @param sessions the escalating sessions (a run of increases, or the lowest dose and the risen one), oldest first;
 *                 empty when the doses do not escalate
 * @param evidence their administrations, and the planned orders for the planned session
 */
public record DoseEscalation(List<Session> sessions, List<String> evidence) {

    public DoseEscalation {
        sessions = List.copyOf(sessions);
        evidence = List.copyOf(evidence);
    }

    /** The escalation among ketamine sessions with a dose in mg. */
    public static DoseEscalation of(Collection<?> sessions, PlannedOrders planned, Evaluation ev) {
        List<Session> withDose = new ArrayList<>();
        for (Session s : SessionSeries.of(sessions, ev, Product.KETAMINE)) {
            if (s.doseMg() != null) {
                withDose.add(s);
            }
        }
        Instant recent = ev.asOf().minus(ev.duration("TOL_FREQUENCY_LOOKBACK"));
        int needed = (int) ev.threshold("TOL_ESCALATION_CONSECUTIVE");
        double rise = 1 + ev.threshold("TOL_ESCALATION_RISE_PCT") / 100.0;
        Duration window = ev.duration("TOL_ESCALATION_WINDOW");
        Set<Session> found = new LinkedHashSet<>();
        int run = 0;
        for (int k = 1; k < withDose.size(); k++) {
            Session now = withDose.get(k);
            Session before = withDose.get(k - 1);
            run = now.doseMg() > before.doseMg() ? run + 1 : 0;
            boolean isRecent = !now.start().isBefore(recent);
            if (isRecent && run >= needed) {
                found.addAll(withDose.subList(k - run, k + 1));
            }
            Session lowest = null;
            for (int i = 0; i < k; i++) {
                Session s = withDose.get(i);
                if (Duration.between(s.start(), now.start()).compareTo(window) <= 0
                        && (lowest == null || s.doseMg() < lowest.doseMg())) {
                    lowest = s;
                }
            }
            if (isRecent && lowest != null && now.doseMg() >= lowest.doseMg() * rise - 1e-9) {
                found.add(lowest);
                found.add(now);
            }
        }
        List<Session> out = new ArrayList<>(found);
        out.sort(Comparator.comparing(Session::start));
        return new DoseEscalation(out, EvidenceIds.ofSessions(out, planned.ids()));
    }
}
