package org.ketaminecds.core;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A knowledge package could not be loaded or is inconsistent. {@link #problems()} lists every problem found, each
 * naming the file (and line, where there is one) and what to fix; the message is those lines.
 */
public final class KnowledgePackageException extends RuntimeException {

    /**
     * One problem.
     *
     * @param file    path inside the package ({@code candidacy.drl}, {@code valuesets/VS-AVM.json}), or the folder
     * @param line    1-based line, or 0 when the problem is about the file as a whole
     * @param message a plain sentence
     */
    public record Problem(String file, int line, String message) {

        // "thresholds.yaml: ..." or "candidacy.drl line 12: ...": how the package's checks word their messages.
        private static final Pattern LOCATED =
                Pattern.compile("^([\\w./-]+\\.(?:drl|yaml|yml|json))(?: line (\\d+))?: (.*)$", Pattern.DOTALL);

        /** Splits a message that starts with a package file name into file, line and text. */
        static Problem of(String message) {
            Matcher m = LOCATED.matcher(message == null ? "" : message);
            if (m.matches()) {
                return new Problem(m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)), m.group(3));
            }
            return new Problem("", 0, message);
        }

        /** {@code file:line: message}, the form compilers use, so editors can jump to it. */
        @Override
        public String toString() {
            if (file.isEmpty()) {
                return message;
            }
            return file + (line > 0 ? ":" + line : "") + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    public KnowledgePackageException(String message) {
        this(message, null);
    }

    public KnowledgePackageException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(Problem.of(message));
    }

    KnowledgePackageException(List<Problem> problems) {
        super(String.join("\n", problems.stream().map(Problem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in file and line order; at least one. */
    public List<Problem> problems() {
        return problems;
    }
}
