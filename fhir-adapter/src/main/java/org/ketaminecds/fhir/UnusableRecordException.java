package org.ketaminecds.fhir;

import java.util.Objects;

/**
 * The input cannot be read as one patient's record at all (not JSON, not a Bundle, no Patient...).
 * The message is one line, {@code "<source>: <problem>"}, fit to show to a user; the cause, when
 * there is one, keeps the technical detail.
 */
public final class UnusableRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final String problem;

    UnusableRecordException(String sourceName, String problem) {
        this(sourceName, problem, null);
    }

    UnusableRecordException(String sourceName, String problem, Throwable cause) {
        super(oneLine(sourceName) + ": " + oneLine(problem), cause);
        this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
        this.problem = oneLine(Objects.requireNonNull(problem, "problem"));
    }

    /** The file name (or the name the caller gave the input). */
    public String sourceName() {
        return sourceName;
    }

    /** What is wrong, without the source name. */
    public String problem() {
        return problem;
    }

    /** Messages are shown in one line: parser messages sometimes carry line breaks. */
    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
