package org.ketaminecds.fhir.bulk;

import java.util.Objects;

/**
 * The export cannot be read: the folder or a file is missing or unreadable, a gzip file is broken, the manifest
 * is not a manifest. The message is one line, {@code "<file>: <problem>"}, fit to show to a user.
 */
public final class UnreadableExportException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String problem;

    UnreadableExportException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = Objects.requireNonNull(file, "file");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    UnreadableExportException(String file, String problem) {
        this(file, problem, null);
    }

    /** The file or folder, as the caller gave the folder (a path), or as the manifest names it. */
    public String file() {
        return file;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}
