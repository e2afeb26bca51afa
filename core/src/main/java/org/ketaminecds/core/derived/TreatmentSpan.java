package org.ketaminecds.core.derived;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import org.ketaminecds.core.vocabulary.Session;

/**
 * How long and how often the patient has been treated (any product): for LONG_TERM_THRESHOLD (KET-TOL-009).
 *
 * @param firstSession the start of the first session, or {@code null} when there is none
 * @param sessions     the number of sessions
 */
public record TreatmentSpan(Instant firstSession, int sessions) {

    public static TreatmentSpan of(Collection<?> sessions) {
        return new TreatmentSpan(first(sessions), sessions.size());
    }

    /** LONG_TERM_THRESHOLD: at least {@code minSessions} sessions, or the first at least {@code minSpan} before asOf. */
    public boolean longTerm(double minSessions, Duration minSpan, Instant asOf) {
        return firstSession != null && (sessions >= minSessions || !firstSession.plus(minSpan).isAfter(asOf));
    }

    static Instant first(Collection<?> sessions) {
        Instant first = null;
        for (Object o : sessions) {
            Instant start = ((Session) o).start();
            if (first == null || start.isBefore(first)) {
                first = start;
            }
        }
        return first;
    }
}
