package org.ketaminecds.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule file as the package's text checks read it: its code with every comment blanked once (line numbers stay
 * true; a {@code //} inside a string is text, not a comment), and its rules with name, line and body. The one place
 * DRL is read as text; everything a rule means at run time (its modes, its id) is read from the compiled rules.
 *
 * @param path the file inside the package, e.g. {@code candidacy.drl}
 * @param code the file's text with its comments blanked to spaces
 */
record DrlSource(String path, String code, List<Rule> rules) {

    /** The name of a rule that derives a fact other rules read (the DRL counterpart of a CQL {@code define}). */
    static final String DEFINE_PREFIX = "define ";

    /** A rule, from its name to its {@code end} (or the next rule, when a broken one has none). */
    private static final Pattern RULE = Pattern.compile("(?ms)^[ \\t]*rule[ \\t]+(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"']+))"
            + "(.*?)(?:^[ \\t]*end[ \\t]*$|(?=^[ \\t]*rule[ \\t])|\\z)");
    private static final Pattern RULE_ID = Pattern.compile("^(KET-(?:CAND|CONTRA|TOL|MON)-\\d{3})\\b.*");
    /** Where a rule reports its id: a hit ({@code fired}, {@code cannotAssess}) or a planned check. */
    private static final Pattern REPORTED_ID =
            Pattern.compile("(?:\\bfired|\\bcannotAssess|\\bnew\\s+PlannedCheck)\\s*\\(\\s*\"([^\"]*)\"");
    /**
     * A concept named in a rule: {@code isA("X")}, {@code valueIsA("X")} or {@code looksLike("X")} (group 1), or the
     * way a Reading pattern opens, {@code concept == "X"} (group 2) or {@code isAnyOf("X", "Y")} (group 3).
     */
    private static final Pattern CONCEPT_USE = Pattern.compile(
            "(?:isA|valueIsA|looksLike)\\(\\s*\"([^\"]+)\"|concept\\s*==\\s*\"([^\"]+)\"|isAnyOf\\(([^)]*)\\)");
    private static final Pattern QUOTED_ANY = Pattern.compile("\"([^\"]+)\"");
    /** A Reading pattern that does not open with its concept (see {@code Reading}: it would match once per concept). */
    private static final Pattern READING_WITHOUT_CONCEPT =
            Pattern.compile("\\bReading\\s*\\(\\s*+(?!concept\\s*==\\s*\"|isAnyOf\\s*\\()");
    private static final Pattern THRESHOLD_USE =
            Pattern.compile("(?:threshold|duration|describe)\\(\\s*\"([A-Z0-9_]+)\"\\s*\\)");
    private static final Pattern USING_CALL = Pattern.compile("using\\(([^)]*)\\)");
    private static final Pattern QUOTED = Pattern.compile("\"([A-Z0-9_]+)\"");

    /**
     * A name the text uses, where it uses it.
     *
     * @param name a concept, threshold or rule id
     * @param line the 1-based line
     */
    record Use(String name, int line) {
    }

    /**
     * One rule.
     *
     * @param name its name, e.g. {@code KET-CAND-006 age under 18}
     * @param line the 1-based line of its {@code rule} keyword
     * @param at   the offset of its body in {@link #code}
     * @param body what follows its name up to {@code end}, comments blanked
     */
    record Rule(String name, int line, int at, String body) {

        /** Whether it derives a fact other rules read rather than reporting a finding. */
        boolean defines() {
            return name.startsWith(DEFINE_PREFIX);
        }

        /** The catalog id its name starts with, e.g. {@code KET-CAND-006}, or {@code null}. */
        String id() {
            return idOf(name);
        }
    }

    DrlSource {
        rules = List.copyOf(rules);
    }

    /** Reads one rule file. */
    static DrlSource of(String path, String text) {
        String code = withoutComments(text);
        List<Rule> rules = new ArrayList<>();
        Matcher m = RULE.matcher(code);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            rules.add(new Rule(name, lineOf(code, m.start()), m.start(4), m.group(4)));
        }
        return new DrlSource(path, code, rules);
    }

    /** The rule files ({@code *.drl}) among a package's files, by path. */
    static Map<String, DrlSource> of(Map<String, byte[]> files) {
        Map<String, DrlSource> sources = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (path.endsWith(".drl")) {
                sources.put(path, of(path, new String(bytes, StandardCharsets.UTF_8)));
            }
        });
        return sources;
    }

    /** The catalog id a rule name starts with, e.g. {@code KET-CAND-006}, or {@code null}. */
    static String idOf(String ruleName) {
        Matcher m = RULE_ID.matcher(ruleName);
        return m.matches() ? m.group(1) : null;
    }

    /**
     * The ids a rule reports: {@code Hit.fired("X", ...)}, {@code Hit.cannotAssess("X", ...)},
     * {@code new PlannedCheck("X", ...)}.
     */
    List<Use> reportedIds(Rule rule) {
        return uses(REPORTED_ID.matcher(rule.body()), rule.at());
    }

    /** Every concept the file names (as value sets: {@code isA}, {@code concept ==}, {@code isAnyOf} and the like). */
    List<Use> concepts() {
        List<Use> uses = new ArrayList<>();
        Matcher m = CONCEPT_USE.matcher(code);
        while (m.find()) {
            int line = lineOf(m.start());
            conceptsNamed(m).forEach(c -> uses.add(new Use(c, line)));
        }
        return uses;
    }

    /**
     * The concepts Reading patterns open with ({@code concept == "X"}, {@code isAnyOf(...)}): the only ones a Reading
     * needs to be filed under, since no pattern can find it under any other.
     */
    Set<String> readingConcepts() {
        Set<String> filed = new TreeSet<>();
        Matcher m = CONCEPT_USE.matcher(code);
        while (m.find()) {
            if (m.group(1) == null) {
                filed.addAll(conceptsNamed(m));
            }
        }
        return filed;
    }

    /** The lines of Reading patterns that do not open with their concept. */
    List<Integer> readingsWithoutConcept() {
        return READING_WITHOUT_CONCEPT.matcher(code).results().map(r -> lineOf(r.start())).toList();
    }

    /**
     * Every threshold the file names: {@code threshold("X")}, {@code duration("X")}, {@code describe("X")},
     * {@code using("X", ...)}.
     */
    List<Use> thresholds() {
        List<Use> uses = new ArrayList<>(uses(THRESHOLD_USE.matcher(code), 0));
        Matcher using = USING_CALL.matcher(code);
        while (using.find()) {
            int line = lineOf(using.start());
            QUOTED.matcher(using.group(1)).results().forEach(q -> uses.add(new Use(q.group(1), line)));
        }
        return uses;
    }

    /** Group 1 of every match, with its line; {@code offset}: where the matched text starts in {@link #code}. */
    private List<Use> uses(Matcher m, int offset) {
        List<Use> uses = new ArrayList<>();
        while (m.find()) {
            uses.add(new Use(m.group(1), lineOf(offset + m.start())));
        }
        return uses;
    }

    private static List<String> conceptsNamed(Matcher use) {
        if (use.group(3) == null) {
            return List.of(use.group(1) != null ? use.group(1) : use.group(2));
        }
        return QUOTED_ANY.matcher(use.group(3)).results().map(q -> q.group(1)).toList();
    }

    /** The 1-based line of {@code offset} in this file. */
    int lineOf(int offset) {
        return lineOf(code, offset);
    }

    /** The 1-based line of {@code offset} in {@code text}. */
    static int lineOf(String text, int offset) {
        int line = 1;
        // Line by line, not char by char: the package's checks ask for hundreds of lines, on a cold start uncompiled.
        for (int i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
            line++;
        }
        return line;
    }

    /**
     * {@code text} with its line ({@code //}) and block comments replaced by spaces, newlines kept. Strings ("..." and
     * '...', as DRL and Java write them) are skipped whole, so a URL in a string stays.
     */
    static String withoutComments(String text) {
        char[] out = text.toCharArray();
        int n = out.length;
        int i = 0;
        while (i < n) {
            char c = out[i];
            if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && out[j] != c && out[j] != '\n') {
                    j += out[j] == '\\' ? 2 : 1;
                }
                i = j + 1;
            } else if (c == '/' && i + 1 < n && out[i + 1] == '/') {
                while (i < n && out[i] != '\n') {
                    out[i++] = ' ';
                }
            } else if (c == '/' && i + 1 < n && out[i + 1] == '*') {
                int close = text.indexOf("*/", i + 2);
                int stop = close < 0 ? n : close + 2;
                for (; i < stop; i++) {
                    if (out[i] != '\n') {
                        out[i] = ' ';
                    }
                }
            } else {
                i++;
            }
        }
        return new String(out);
    }
}
