package org.ketaminecds.samples.spark;

/**
 * An export file that cannot be read to its end (a broken gzip stream, a file that vanished): {@code FILE: problem}.
 * Thrown in a task; the job fails, and the command names the file and exits 3.
 */
final class UnreadableFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnreadableFileException(String file, Throwable cause) {
        super(file + ": cannot be read (" + describe(cause) + ")", cause);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
