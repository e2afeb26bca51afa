package org.ketaminecds.fhir.cdshooks;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where feedback on cards goes (accepted suggestions, overrides and their reasons). Implementations must be
 * thread-safe and must have kept the record when {@link #accept} returns.
 */
@FunctionalInterface
public interface FeedbackSink {

    void accept(FeedbackRecord feedback) throws IOException;

    /** Appends one JSON line per record to a file, forced to disk before returning: nothing is lost on restart. */
    static FileFeedbackSink appendingTo(Path file) throws IOException {
        return new FileFeedbackSink(file);
    }
}
