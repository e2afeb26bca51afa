package org.ketaminecds.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which rules an edit of a rule folder can change the answers of: what an edit loop re-runs the scenarios of. Errs
 * towards every rule: an edit it cannot bound affects all of them.
 *
 * <ul>
 *   <li>a rule's wording ({@code wording/*.yaml}): that rule's words (summary, detail, the text of its planned
 *       checks), never its outcome, severity or type, so never a disposition;</li>
 *   <li>a rule's text in a {@code .drl} file: that rule, and the rules that read its hits
 *       ({@code Hit( ruleId == "X" ...)}), and theirs in turn;</li>
 *   <li>anything else (thresholds, value sets, concept maps, the manifest, a rule file's imports, a {@code define}
 *       rule, a rule that inserts facts other rules read): every rule. Thresholds and value sets are read by the
 *       engine and by the helpers rules call ({@code core.derived}), not only by the DRL text that names them.</li>
 *   <li>scenario files: no rule (the edit loop re-runs a scenario whose own file changed).</li>
 * </ul>
 *
 * @param everyRule whether the edit can change any rule's findings
 * @param findings  the rules whose findings (outcome, severity, type, evidence, plan) can change
 * @param words     the rules whose words alone can change
 */
public record RuleImpact(boolean everyRule, Set<String> findings, Set<String> words) {

    public RuleImpact {
        findings = Set.copyOf(findings);
        words = Set.copyOf(words);
    }

    private static final RuleImpact EVERY_RULE = new RuleImpact(true, Set.of(), Set.of());

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** A pattern on another rule's hit: {@code Hit( ruleId == "KET-CAND-004", ...}. */
    private static final Pattern READS_HIT = Pattern.compile("\\bHit\\s*\\(\\s*ruleId\\s*==\\s*\"([^\"]+)\"");
    /** Any pattern on hits, to tell one that does not name its rule (every rule then). */
    private static final Pattern ANY_HIT_PATTERN = Pattern.compile("(?<![.\\w])Hit\\s*\\(");
    /** What a reporting rule may do: report a hit or a planned check; anything else feeds other rules. */
    private static final Pattern WRITES = Pattern.compile("\\b(?:insert|insertLogical|modify|update|delete|retract)\\s*\\(");
    private static final Pattern REPORTS = Pattern.compile(
            "\\b(?:insert|insertLogical)\\s*\\(\\s*(?:Hit\\s*\\.|new\\s+PlannedCheck\\s*\\()");
    private static final Pattern ANY_PLANNED_CHECK = Pattern.compile("\\bPlannedCheck\\s*\\(");
    private static final Pattern NEW_PLANNED_CHECK = Pattern.compile("\\bnew\\s+PlannedCheck\\s*\\(");
    /** Who reads a hit when a rule without a catalog id (a define rule) does: what it derives reaches any rule. */
    private static final String ANY_RULE = "*";

    /**
     * What the change from {@code before} to {@code after} (path inside the folder -> content) can affect.
     */
    public static RuleImpact of(Map<String, byte[]> before, Map<String, byte[]> after) {
        Set<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        Set<String> rules = new TreeSet<>();
        Set<String> words = new TreeSet<>();
        for (String path : paths) {
            if (path.startsWith("scenarios/") || Arrays.equals(before.get(path), after.get(path))) {
                continue;
            }
            boolean wording = path.startsWith("wording/");
            Set<String> changed = wording ? changedEntries(before.get(path), after.get(path))
                    : path.endsWith(".drl") ? changedRules(path, before.get(path), after.get(path)) : null;
            if (changed == null) {
                return EVERY_RULE;
            }
            (wording ? words : rules).addAll(changed);
        }
        return readersOf(rules, DrlSource.of(after).values())
                .map(findings -> new RuleImpact(false, findings, words)).orElse(EVERY_RULE);
    }

    /** Every rule whose findings or words can change, out of the package's {@code ruleIds}. */
    public Set<String> rules(Set<String> ruleIds) {
        if (everyRule) {
            return ruleIds;
        }
        Set<String> rules = new TreeSet<>(findings);
        rules.addAll(words);
        return rules;
    }

    /** The top-level keys (rule ids) of a wording file whose entries differ; {@code null} when one does not parse. */
    private static Set<String> changedEntries(byte[] before, byte[] after) {
        Map<String, JsonNode> a = entries(before);
        Map<String, JsonNode> b = entries(after);
        if (a == null || b == null) {
            return null;
        }
        Set<String> ids = new TreeSet<>(a.keySet());
        ids.addAll(b.keySet());
        ids.removeIf(id -> a.containsKey(id) && a.get(id).equals(b.get(id)));
        return ids;
    }

    private static Map<String, JsonNode> entries(byte[] yaml) {
        Map<String, JsonNode> entries = new HashMap<>();
        if (yaml == null) {
            return entries;
        }
        try {
            JsonNode root = YAML.readTree(yaml);
            if (root == null || !root.isObject()) {
                return root == null || root.isMissingNode() ? entries : null;
            }
            root.fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue()));
            return entries;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The ids of the rules of one file whose text differs (comments and spacing aside), added or removed; {@code null}
     * when more than those can change: the text outside the rules (imports, functions, declarations), a rule that is
     * not a reporting rule of the catalog, or one that inserts facts other rules may read.
     */
    private static Set<String> changedRules(String path, byte[] before, byte[] after) {
        DrlSource a = DrlSource.of(path, before == null ? "" : new String(before, StandardCharsets.UTF_8));
        DrlSource b = DrlSource.of(path, after == null ? "" : new String(after, StandardCharsets.UTF_8));
        if (before == null || after == null || !outsideRules(a).equals(outsideRules(b))) {
            return null;
        }
        Map<String, String> x = bodies(a);
        Map<String, String> y = bodies(b);
        if (x == null || y == null) {
            return null; // two rules of one name: the compiler says so; nothing to bound meanwhile
        }
        Set<String> names = new TreeSet<>(x.keySet());
        names.addAll(y.keySet());
        Set<String> ids = new TreeSet<>();
        for (String name : names) {
            if (x.containsKey(name) && x.get(name).equals(y.get(name))) {
                continue;
            }
            String id = DrlSource.idOf(name);
            if (id == null || name.startsWith(DrlSource.DEFINE_PREFIX) || feedsOthers(x.get(name))
                    || feedsOthers(y.get(name))) {
                return null;
            }
            ids.add(id);
        }
        return ids;
    }

    /** Whether a rule's body writes anything but its own hits and planned checks. */
    private static boolean feedsOthers(String body) {
        if (body == null) {
            return false;
        }
        return count(WRITES, body) != count(REPORTS, body);
    }

    private static long count(Pattern pattern, String text) {
        return pattern.matcher(text).results().count();
    }

    /** Rule name -> its text with spacing folded, or {@code null} when a name is there twice. */
    private static Map<String, String> bodies(DrlSource source) {
        Map<String, String> bodies = new TreeMap<>();
        for (DrlSource.Rule r : source.rules()) {
            if (bodies.put(r.name(), folded(r.body())) != null) {
                return null;
            }
        }
        return bodies;
    }

    /** The file's code with its rules cut out: package, imports, functions, declarations. */
    private static String outsideRules(DrlSource source) {
        StringBuilder rest = new StringBuilder();
        int from = 0;
        for (DrlSource.Rule r : source.rules()) {
            int start = source.code().lastIndexOf("rule", r.at());
            rest.append(source.code(), from, Math.max(from, start));
            from = r.at() + r.body().length();
        }
        rest.append(source.code().substring(Math.min(from, source.code().length())));
        return folded(rest.toString());
    }

    private static String folded(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    /**
     * The affected rules and, transitively, the rules that read their hits; empty (every rule) when a rule reads
     * hits without naming the rule in its pattern, or reads planned checks.
     */
    private static Optional<Set<String>> readersOf(Set<String> affected, Collection<DrlSource> sources) {
        Map<String, Set<String>> readers = new HashMap<>();
        for (DrlSource source : sources) {
            for (DrlSource.Rule r : source.rules()) {
                String reader = r.id() == null || r.defines() ? ANY_RULE : r.id();
                long named = READS_HIT.matcher(r.body()).results()
                        .peek(m -> readers.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(reader))
                        .count();
                if (count(ANY_HIT_PATTERN, r.body()) > named
                        || count(ANY_PLANNED_CHECK, r.body()) > count(NEW_PLANNED_CHECK, r.body())) {
                    return Optional.empty();
                }
            }
        }
        Set<String> all = new TreeSet<>(affected);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String id : Set.copyOf(all)) {
                for (String reader : readers.getOrDefault(id, Set.of())) {
                    if (reader.equals(ANY_RULE)) {
                        return Optional.empty();
                    }
                    grew |= all.add(reader);
                }
            }
        }
        return Optional.of(Set.copyOf(all));
    }
}
