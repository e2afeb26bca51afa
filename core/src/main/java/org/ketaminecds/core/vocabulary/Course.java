package org.ketaminecds.core.vocabulary;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ketaminecds.core.Product;

/**
 * The course of treatment with one product: its sessions in time order.
 *
 * @param product    esketamine or ketamine
 * @param firstStart start of the first session
 * @param lastStart  start of the latest session
 * @param sessions   the session ids, in time order
 */
public record Course(Product product, Instant firstStart, Instant lastStart, List<String> sessions) {

    public Course {
        sessions = List.copyOf(sessions);
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** Time since the first session, at {@code asOf}. */
    public Duration age(Instant asOf) {
        return Duration.between(firstStart, asOf);
    }
}
