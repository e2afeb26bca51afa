package org.ketaminecds.fhir.bulk;

/**
 * A line of the export that was skipped: {@code file:line: problem}. Never holds the line's text.
 *
 * @param file    the file's path, as the export folder was given plus the file name
 * @param line    its line number, from 1
 * @param problem what is wrong with it
 */
public record LineProblem(String file, long line, String problem) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + problem;
    }
}
