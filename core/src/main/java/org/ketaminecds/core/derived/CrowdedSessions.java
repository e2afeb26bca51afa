package org.ketaminecds.core.derived;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Session;

/**
 * The latest rolling window (first to last session strictly less than TOL_ROLLING_WINDOW apart) holding more
 * sessions of a product than its schedule allows (KET-TOL-003), its last session recent or planned. Esketamine: at
 * most TOL_ESK_INDUCTION_MAX_PER_WINDOW in weeks 1-4 of the course (INDUCTION_ESK_DAYS from its first session; the
 * week of a window is that of its last session), then TOL_ESK_MAINT_MAX_PER_WINDOW. Ketamine: IV sessions (no
 * route counts as IV), at most TOL_KET_IV_MAX_PER_WINDOW.
 *
 * @param product   esketamine or ketamine
 * @param sessions  the sessions of that window, in time order; empty when no window is crowded
 * @param induction the window's last session lies in the esketamine induction phase (weeks 1-4)
 * @param evidence  their administrations, and the planned orders for the planned session
 */
public record CrowdedSessions(Product product, List<Session> sessions, boolean induction, List<String> evidence) {

    public CrowdedSessions {
        sessions = List.copyOf(sessions);
        evidence = List.copyOf(evidence);
    }

    /** The crowded window among the sessions of {@code product} (ketamine: its IV sessions). */
    public static CrowdedSessions of(Product product, Collection<?> sessions, PlannedOrders planned, Evaluation ev) {
        List<Session> series = new ArrayList<>();
        for (Session s : SessionSeries.of(sessions, ev, product)) {
            if (product != Product.KETAMINE || s.route() == null || s.route() == Route.IV) {
                series.add(s);
            }
        }
        Duration window = ev.duration("TOL_ROLLING_WINDOW");
        List<Session> worst = new ArrayList<>();
        int i = 0;
        for (int k = 0; k < series.size(); k++) {
            Session last = series.get(k);
            while (Duration.between(series.get(i).start(), last.start()).compareTo(window) >= 0) {
                i++;
            }
            if (SessionSeries.isRecent(last, ev) && k - i + 1 > limit(product, series, last, ev)) {
                worst = new ArrayList<>(series.subList(i, k + 1));
            }
        }
        boolean induction = !worst.isEmpty() && product == Product.ESKETAMINE
                && inInduction(series, worst.get(worst.size() - 1), ev);
        return new CrowdedSessions(product, worst, induction, EvidenceIds.ofSessions(worst, planned.ids()));
    }

    private static int limit(Product product, List<Session> series, Session last, Evaluation ev) {
        if (product == Product.KETAMINE) {
            return (int) ev.threshold("TOL_KET_IV_MAX_PER_WINDOW");
        }
        return (int) (inInduction(series, last, ev) ? ev.threshold("TOL_ESK_INDUCTION_MAX_PER_WINDOW")
                : ev.threshold("TOL_ESK_MAINT_MAX_PER_WINDOW"));
    }

    private static boolean inInduction(List<Session> series, Session last, Evaluation ev) {
        Instant first = series.get(0).start();
        return last.start().isBefore(first.plus(ev.duration("INDUCTION_ESK_DAYS")));
    }
}
