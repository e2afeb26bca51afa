package org.ketaminecds.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ketaminecds.core.KnowledgePackageException.Problem;

/**
 * The wording files against the rules that fill them, read from the text of both so that each problem has its file
 * and line. A problem: a {@code {NAME}} that is not a threshold of the package, or a {@code {name}} that no rule of
 * that id provides ({@code .with("name", ...)}, or the built-in {@code {reason}} and {@code {input}}). A warning: a
 * literal that spells a duration threshold the rule uses ("14 days" where the rule reads {@code MAOI_WASHOUT}), since
 * a site that overrides the threshold would still read the default.
 */
final class WordingCheck {

    /** What the check found: problems stop the package from loading, warnings are printed. */
    record Result(List<Problem> problems, List<Problem> warnings) {
    }

    private static final Pattern RULE_VALUE = Pattern.compile("\\.with\\(\\s*\"([^\"]+)\"");
    private static final Pattern QUOTED_NAME = Pattern.compile("\"([A-Z][A-Z0-9_]*)\"");
    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("(?m)^([^\\s#][^:\\n]*):");
    private static final Set<String> BUILT_IN = Set.of("reason", "input");
    /** Every way a duration is written in clinical text, per unit of {@link Thresholds}; the first is its symbol. */
    private static final Map<String, List<String>> DURATION_WORDS = Map.of(
            "min", List.of("min", "mins", "minutes", "minute"),
            "h", List.of("h", "hr", "hrs", "hours", "hour"),
            "d", List.of("d", "days", "day"),
            "wk", List.of("wk", "wks", "weeks", "week"),
            "a", List.of("a", "y", "yr", "yrs", "years", "year"));

    private WordingCheck() {
    }

    /**
     * @param drl        the rule files, as {@link DrlSource} scanned them
     * @param files      the package's files (its {@code wording/*.yaml} are read)
     * @param catalog    the wording, parsed
     * @param thresholds the package's thresholds, or {@code null} when they could not be read (names are then not
     *                   checked)
     */
    static Result check(java.util.Collection<DrlSource> drl, Map<String, byte[]> files, RuleCatalog catalog,
                        Thresholds thresholds) {
        Map<String, Set<String>> values = new TreeMap<>();
        Map<String, Set<String>> used = new TreeMap<>();
        drl.forEach(source -> readRules(source, thresholds, values, used));
        List<Problem> problems = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        Map<String, Optional<Pattern>> written = new HashMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith("wording/") && path.endsWith(".yaml")) {
                String yaml = text(bytes);
                List<MatchResult> keys = TOP_LEVEL_KEY.matcher(yaml).results().toList();
                for (int i = 0; i < keys.size(); i++) {
                    String id = keys.get(i).group(1).strip();
                    if (!catalog.ids().contains(id)) {
                        continue;
                    }
                    int end = i + 1 < keys.size() ? keys.get(i + 1).start() : yaml.length();
                    Block block = new Block(path, yaml, keys.get(i).start(), end);
                    for (Text t : texts(catalog.get(id))) {
                        checkPlaceholders(block, id, t, values.getOrDefault(id, Set.of()), thresholds, problems);
                        if (thresholds != null) {
                            for (String name : used.getOrDefault(id, Set.of())) {
                                written.computeIfAbsent(name, n -> Optional.ofNullable(writtenAs(thresholds, n)))
                                        .ifPresent(p -> checkLiteral(block, id, t, name, p, warnings));
                            }
                        }
                    }
                }
            }
        });
        return new Result(problems, warnings);
    }

    /** Per rule id, the values its rules give the wording and the thresholds they name. */
    private static void readRules(DrlSource drl, Thresholds thresholds, Map<String, Set<String>> values,
                                  Map<String, Set<String>> used) {
        for (DrlSource.Rule rule : drl.rules()) {
            String id = rule.id();
            if (id == null) {
                continue;
            }
            String body = rule.body();
            Set<String> given = values.computeIfAbsent(id, k -> new TreeSet<>());
            RULE_VALUE.matcher(body).results().forEach(m -> given.add(m.group(1)));
            Set<String> named = used.computeIfAbsent(id, k -> new TreeSet<>());
            QUOTED_NAME.matcher(body).results().map(m -> m.group(1))
                    .filter(n -> thresholds != null && thresholds.names().contains(n)).forEach(named::add);
        }
    }

    /** One wording text: where it sits in the entry ({@code detail}, {@code cannot-assess}) and what it says. */
    private record Text(String field, String key, String text) {

        String label() {
            return key == null || key.equals("default") ? field : field + " (" + key + ")";
        }
    }

    private static List<Text> texts(RuleCatalog.Entry e) {
        List<Text> out = new ArrayList<>();
        new TreeMap<>(e.summaries()).forEach((k, v) -> out.add(new Text("summary", k, v)));
        new TreeMap<>(e.details()).forEach((k, v) -> out.add(new Text("detail", k, v)));
        new TreeMap<>(e.reasons()).forEach((k, v) -> out.add(new Text("reasons", k, v)));
        new TreeMap<>(e.checks()).forEach((k, v) -> out.add(new Text("checks", k, v)));
        return out;
    }

    private static void checkPlaceholders(Block block, String id, Text t, Set<String> given, Thresholds thresholds,
                                          List<Problem> problems) {
        for (String name : new LinkedHashSet<>(Wording.placeholders(t.text()))) {
            String why;
            if (Wording.isThresholdName(name)) {
                why = thresholds == null || thresholds.names().contains(name) ? null
                        : "{" + name + "} is not a threshold of the package (thresholds.yaml)";
            } else if (t.field().equals("checks")) {
                why = "{" + name + "} cannot be filled: a plan item's text may name thresholds ({NAME}) only";
            } else {
                why = given.contains(name) || BUILT_IN.contains(name) ? null
                        : "{" + name + "} is not a value rule " + id + " provides (its rules give "
                        + (given.isEmpty() ? "none" : "{" + String.join("}, {", given) + "}")
                        + " with .with(\"name\", ...); every rule has {reason} and {input})";
            }
            if (why != null) {
                problems.add(new Problem(block.path, block.lineOf(t, "{" + name + "}"), id + " " + t.label() + ": "
                        + why));
            }
        }
    }

    private static void checkLiteral(Block block, String id, Text t, String name, Pattern written,
                                     List<Problem> warnings) {
        Matcher m = written.matcher(t.text());
        if (m.find()) {
            warnings.add(new Problem(block.path, block.lineOf(t, m.group()), id + " " + t.label() + " says '"
                    + m.group() + "': write {" + name + "}"));
        }
    }

    /**
     * How a duration threshold's value may be written: "30 d", "30 days", "30-day", and in any larger or smaller
     * unit it is a whole number of ("6 weeks" for 42 d, "2 h" for 120 min); {@code null} for a threshold that is no
     * duration (its number alone says too little: "2" may be a count of anything).
     */
    static Pattern writtenAs(Thresholds thresholds, String name) {
        Duration d;
        try {
            d = thresholds.duration(name);
        } catch (IllegalArgumentException notADuration) {
            return null;
        }
        List<String> forms = new ArrayList<>();
        for (Map.Entry<String, List<String>> unit : DURATION_WORDS.entrySet()) {
            Duration one = Thresholds.toDuration(new Thresholds.Threshold(1, unit.getKey(), ""));
            if (!d.isZero() && d.toSeconds() % one.toSeconds() == 0) {
                String words = String.join("|", unit.getValue());
                forms.add(d.toSeconds() / one.toSeconds() + "[ -]?(?:" + words + ")");
            }
        }
        return forms.isEmpty() ? null
                : Pattern.compile("(?<![\\d.,/])(?:" + String.join("|", forms) + ")(?![\\p{L}\\d])");
    }

    /** A rule's entry in a wording file, to find the line a text (or part of it) is on. */
    private record Block(String path, String yaml, int start, int end) {

        /**
         * The line of {@code needle} in the text, looked for after the text's field and key (a folded text may break
         * it across lines); the entry's own line when it cannot be found.
         */
        int lineOf(Text t, String needle) {
            String entry = yaml.substring(start, end);
            int from = 0;
            for (String key : t.key() == null ? List.of(t.field()) : List.of(t.field(), t.key())) {
                Matcher k = Pattern.compile("(?m)^\\s+" + Pattern.quote(key) + ":").matcher(entry);
                if (k.find(from)) {
                    from = k.end();
                }
            }
            String[] words = needle.strip().split("\\s+");
            StringBuilder loose = new StringBuilder();
            for (String w : words) {
                loose.append(loose.isEmpty() ? "" : "\\s+").append(Pattern.quote(w));
            }
            Matcher n = Pattern.compile(loose.toString()).matcher(entry);
            int at = n.find(from) ? n.start() : n.find(0) ? n.start() : 0;
            return DrlSource.lineOf(yaml, start + at);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
