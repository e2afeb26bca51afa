package org.ketaminecds.core.derived;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Session;

/**
 * Racemic ketamine maintenance sessions getting closer (KET-TOL-003): the median of the last TOL_INTERVAL_SESSIONS
 * intervals (start to start) against the median of the TOL_INTERVAL_SESSIONS before them. Every one of these
 * intervals ends at a maintenance session (after INDUCTION_KET_SESSIONS sessions); the latest session is recent or
 * planned.
 *
 * @param sessions         the 2 x TOL_INTERVAL_SESSIONS + 1 latest sessions, in time order; empty when there are not
 *                         enough maintenance sessions or the latest is not recent
 * @param recentMedianHours median of the later intervals, in hours
 * @param priorMedianHours median of the earlier intervals, in hours
 * @param evidence         their administrations, and the planned orders for the planned session
 */
public record ShrinkingIntervals(List<Session> sessions, double recentMedianHours, double priorMedianHours,
                                 List<String> evidence) {

    public ShrinkingIntervals {
        sessions = List.copyOf(sessions);
        evidence = List.copyOf(evidence);
    }

    /** True when the recent median is below {@code percent} of the prior one. */
    public boolean shrunkBelow(double percent) {
        return !sessions.isEmpty() && recentMedianHours < priorMedianHours * percent / 100.0;
    }

    public double recentMedianDays() {
        return recentMedianHours / 24;
    }

    public double priorMedianDays() {
        return priorMedianHours / 24;
    }

    public static ShrinkingIntervals of(Collection<?> sessions, PlannedOrders planned, Evaluation ev) {
        List<Session> series = SessionSeries.of(sessions, ev, Product.KETAMINE);
        int n = (int) ev.threshold("TOL_INTERVAL_SESSIONS");
        int induction = (int) ev.threshold("INDUCTION_KET_SESSIONS");
        int size = series.size();
        // Intervals end at the last 2n sessions; the earliest of those ends must be a maintenance session.
        if (size < 2 * n + 1 || size - 2 * n < induction || !SessionSeries.isRecent(series.get(size - 1), ev)) {
            return new ShrinkingIntervals(List.of(), 0, 0, List.of());
        }
        List<Session> involved = new ArrayList<>(series.subList(size - 2 * n - 1, size));
        return new ShrinkingIntervals(involved, medianHours(involved, n, n), medianHours(involved, 0, n),
                EvidenceIds.ofSessions(involved, planned.ids()));
    }

    /** Median, in hours, of the n intervals from session {@code from} of the list. */
    static double medianHours(List<Session> sessions, int from, int n) {
        double[] hours = new double[n];
        for (int i = 0; i < n; i++) {
            hours[i] = Duration.between(sessions.get(from + i).start(), sessions.get(from + i + 1).start()).toMinutes()
                    / 60.0;
        }
        Arrays.sort(hours);
        return n % 2 == 1 ? hours[n / 2] : (hours[n / 2 - 1] + hours[n / 2]) / 2;
    }
}
