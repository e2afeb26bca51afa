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

        /** Always one line: compilers and parsers append locations, carets and stack traces; an author needs none. */
        public Problem {
            message = oneLine(message);
        }

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
        super(oneLine(message), cause);
        this.problems = List.of(Problem.of(message));
    }

    KnowledgePackageException(List<Problem> problems) {
        super(String.join("\n", problems.stream().map(Problem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    /**
     * The line of a message that says what is wrong: its first, without a parser's "Stack trace:" tail; for MVEL's
     * "Unable to Analyse Expression x:" the "[Error: ...]" line that follows is joined to it.
     */
    static String oneLine(String message) {
        List<String> lines = message == null ? List.of()
                : message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "";
        }
        String first = lines.get(0);
        int trace = first.indexOf(" Stack trace:");
        if (trace >= 0) {
            first = first.substring(0, trace);
        }
        if (first.endsWith(":")) {
            for (String l : lines) {
                if (l.startsWith("[Error: ") && l.endsWith("]")) {
                    return first + " " + l.substring("[Error: ".length(), l.length() - 1).strip();
                }
            }
        }
        return first;
    }

    /** Every problem found, in file and line order; at least one. */
    public List<Problem> problems() {
        return problems;
    }
}
