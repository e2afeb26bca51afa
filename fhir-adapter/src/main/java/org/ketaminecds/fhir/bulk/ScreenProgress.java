package org.ketaminecds.fhir.bulk;

/**
 * Told how far a {@link BulkScreen} run has come, for a progress bar. Called from the run's threads, often:
 * implementations must be thread-safe and cheap (e.g. store the numbers and draw at most a few times a second).
 */
public interface ScreenProgress {

    /** Does nothing. */
    ScreenProgress NONE = new ScreenProgress() {
    };

    /** First pass: {@code done} of {@code total} bytes of the export's files read (as stored, gzip or not). */
    default void reading(long done, long total) {
    }

    /** Second pass: {@code done} of {@code total} patients screened. */
    default void screening(long done, long total) {
    }
}
