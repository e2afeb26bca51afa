package org.ketaminecds.samples.spark;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.util.zip.ZipException;

/**
 * The export cannot be used: a folder or file that is missing or cannot be read to its end (a broken gzip stream).
 * The message is {@code FILE: problem}, as the command's. Thrown on the driver, or in a task (then the job fails and
 * this is its cause); {@code ketamine-cds-spark} prints it and exits 3.
 */
public final class UnreadableFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnreadableFileException(String file, String problem) {
        super(file + ": " + problem);
    }

    UnreadableFileException(String file, Throwable cause) {
        super(file + ": " + describe(cause), cause);
    }

    /** An I/O problem in a user's words (as the command words it). */
    private static String describe(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof FileNotFoundException) {
            return "the file does not exist";
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            return "broken gzip data (" + message + ")";
        }
        return "cannot be read (" + message + ")";
    }
}
