package org.ketaminecds.samples.cli.workbench;

/**
 * Something wrong with a rule folder, where an editor can jump to it.
 *
 * @param file    the path inside the folder, e.g. {@code candidacy.drl}; empty when the problem is the folder's
 * @param line    1-based, or 0 when it is about the whole file
 * @param message what is wrong, in one line
 * @param level   an error stops the folder from loading; a warning does not
 */
public record FolderProblem(String file, int line, String message, Level level) {

    public enum Level { ERROR, WARNING }

    /** {@code candidacy.drl:12: message}, as compilers write it. */
    @Override
    public String toString() {
        return (file.isEmpty() ? "" : file + (line > 0 ? ":" + line : "") + ": ")
                + (level == Level.WARNING ? "warning: " : "") + message;
    }
}
