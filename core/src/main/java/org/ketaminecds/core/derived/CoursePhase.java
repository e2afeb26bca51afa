package org.ketaminecds.core.derived;

import java.time.Instant;
import java.util.List;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.vocabulary.Course;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Session;

/**
 * Where a treatment course stands: induction (esketamine: INDUCTION_ESK_DAYS since the first session and fewer than
 * MON_INDUCTION_ESK_SESSIONS sessions; ketamine: fewer than INDUCTION_KET_SESSIONS sessions) or maintenance.
 */
public final class CoursePhase {

    private CoursePhase() {
    }

    /** The product of the current course: the planned one, else the latest session's. */
    public static Product courseProduct(Evaluation ev, Session latest) {
        return ev.product() != null ? ev.product() : latest.product();
    }

    public static boolean induction(Course c, Evaluation ev) {
        if (c.product() == Product.ESKETAMINE) {
            return c.age(MonitoringWindows.reference(ev)).compareTo(ev.duration("INDUCTION_ESK_DAYS")) < 0
                    && c.sessionCount() < ev.threshold("MON_INDUCTION_ESK_SESSIONS");
        }
        return c.sessionCount() < ev.threshold("INDUCTION_KET_SESSIONS");
    }

    /**
     * When induction ends: esketamine, INDUCTION_ESK_DAYS after the first session or the end of session
     * MON_INDUCTION_ESK_SESSIONS, whichever comes first; ketamine, the end of session INDUCTION_KET_SESSIONS, or
     * {@code null} while that count is not reached.
     */
    public static Instant inductionEndpoint(Course c, List<?> sessions, Evaluation ev) {
        List<Session> sorted = MonitoringWindows.sortedByTime(sessions);
        if (c.product() == Product.ESKETAMINE) {
            Instant byDays = c.firstStart().plus(ev.duration("INDUCTION_ESK_DAYS"));
            int n = (int) ev.threshold("MON_INDUCTION_ESK_SESSIONS");
            if (sorted.size() >= n) {
                Instant byCount = sorted.get(n - 1).end();
                return byCount.isBefore(byDays) ? byCount : byDays;
            }
            return byDays;
        }
        int k = (int) ev.threshold("INDUCTION_KET_SESSIONS");
        return sorted.size() >= k ? sorted.get(k - 1).end() : null;
    }
}
