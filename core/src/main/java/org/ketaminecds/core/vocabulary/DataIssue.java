package org.ketaminecds.core.vocabulary;

import java.time.Instant;

/**
 * A value that was excluded because it was implausible, in a wrong unit, or unreadable (input of KET-MON-020).
 *
 * @param resourceId the resource it came from
 * @param measure    what it measured: {@code BP}, {@code HR}, {@code SPO2}, {@code RR}, {@code WEIGHT}, or
 *                   {@code RESOURCE} for a resource the adapter could not read
 * @param problem    what was wrong, in one line
 * @param effective  when it was measured, or {@code null}
 */
public record DataIssue(String resourceId, String measure, String problem, Instant effective) implements Timed {

    /** A resource that could not be read at all. */
    public boolean unreadable() {
        return "RESOURCE".equals(measure);
    }
}
