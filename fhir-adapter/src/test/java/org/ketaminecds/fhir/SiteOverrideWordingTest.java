package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.DataGap;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.MonitoringItem;
import org.ketaminecds.core.PlannedTreatment;
import org.ketaminecds.core.Thresholds;
import org.ketaminecds.core.record.PatientRecord;

/**
 * A site that overrides a threshold must read its own value in every text: every duration threshold of the package
 * is set to a value no default has, every scenario patient is evaluated in every mode, and no summary, detail,
 * reason or plan item may still show a default the way a threshold is written ("30 d", "30 days", "60 min").
 *
 * <p>A patient's values can equal a default (a scenario at a boundary observes exactly 120 min), so a text is checked
 * only against the thresholds its rule names in its DRL, and without the values the rule fills in ({@code {observed}},
 * found by matching the rule's wording texts). A value a rule builds as English in its DRL is therefore not checked
 * here: that English belongs in the wording (issue 14), where {@code rules validate} warns about spelled-out values.
 */
class SiteOverrideWordingTest {

    /** How a duration is written, per unit of thresholds.yaml. */
    private static final Map<String, String> UNIT_WORDS = Map.of(
            "min", "min|mins|minutes?",
            "h", "h|hrs?|hours?",
            "d", "d|days?",
            "wk", "wks?|weeks?",
            "a", "a|y|yrs?|years?");

    private static final Pattern RULE =
            Pattern.compile("(?ms)^[ \\t]*rule[ \\t]+\"(KET-[A-Z]+-\\d{3})[^\"]*\"(.*?)^[ \\t]*end\\b");
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_-]*)}");
    private static final Pattern QUOTED_NAME = Pattern.compile("\"([A-Z][A-Z0-9_]*)\"");

    @Test
    void everyDurationOverridden_noRenderedTextShowsItsDefault(@TempDir Path dir) throws Exception {
        KnowledgePackage pkg = KnowledgePackage.fromClasspath();
        Map<String, Set<String>> usedByRule = thresholdsNamedByRule(pkg, dir);
        Map<String, List<Pattern>> templates = templates(dir);
        Thresholds defaults = pkg.thresholds();
        Map<String, Double> overrides = durationOverrides(defaults);
        Map<String, Pattern> shownAsDefault = new TreeMap<>();
        overrides.keySet().forEach(name -> shownAsDefault.put(name, writtenAs(defaults.number(name),
                defaults.get(name).unit())));

        FhirRecordReader reader = FhirRecordReader.create();
        Map<Map<String, Double>, CdsEngine> engines = new HashMap<>();
        // rule id -> one line per (where, threshold) that still shows a default, with an example text
        Map<String, Map<String, String>> stale = new TreeMap<>();
        int evaluated = 0;
        for (Scenario s : KnowledgePackageScenariosTest.all()) {
            PatientRecord record;
            try {
                record = reader.read(s.bundleJson(), s.file());
            } catch (UnusableRecordException e) {
                continue;
            }
            Map<String, Double> site = new HashMap<>(s.thresholds());
            site.putAll(overrides);
            CdsEngine engine = engines.computeIfAbsent(site,
                    t -> CdsEngine.builder().knowledgePackage(pkg).thresholds(t).initialSessions(1).build());
            for (Mode mode : Mode.values()) {
                Assessment a = engine.evaluate(record, new EvaluationContext(mode, s.asOf(),
                        PlannedTreatment.of(s.product(), s.route())));
                evaluated++;
                for (Text t : texts(a)) {
                    String checked = withoutRuleValues(t, templates);
                    for (String name : usedByRule.getOrDefault(t.ruleId(), Set.of())) {
                        Matcher m = shownAsDefault.containsKey(name) ? shownAsDefault.get(name).matcher(checked) : null;
                        if (m != null && m.find()) {
                            stale.computeIfAbsent(t.ruleId(), k -> new TreeMap<>()).putIfAbsent(
                                    t.where() + " shows '" + m.group() + "', the default of " + name + " (set to "
                                            + overrides.get(name).intValue() + " " + defaults.get(name).unit() + ")",
                                    s.file() + " " + mode + ": " + t.text());
                        }
                    }
                }
            }
        }

        List<String> report = new ArrayList<>();
        stale.forEach((rule, lines) -> lines.forEach((what, example) ->
                report.add(rule + " " + what + "\n      e.g. " + example)));
        if (!report.isEmpty()) {
            System.out.println("Rules whose text still shows a default after a site override: " + stale.keySet()
                    + "\n  " + String.join("\n  ", report));
        }
        assertThat(overrides).as("duration thresholds overridden").hasSizeGreaterThan(40);
        assertThat(evaluated).as("scenario patients x modes evaluated").isGreaterThan(2000);
        assertThat(report).as("texts that still show a default after the site set every duration threshold "
                + "(rules " + stale.keySet() + ")").isEmpty();
    }

    /**
     * The text as the wording makes it, with the values the rule gave ({@code {observed}}: "observed 120 min" is a
     * patient's time, not a threshold) left out, when a wording text of the rule matches it; else the whole text.
     */
    private static String withoutRuleValues(Text t, Map<String, List<Pattern>> templates) {
        for (Pattern template : templates.getOrDefault(t.ruleId() + " " + t.where(), List.of())) {
            Matcher m = template.matcher(t.text());
            if (m.matches()) {
                StringBuilder kept = new StringBuilder();
                int at = 0;
                for (int g = 1; g <= m.groupCount(); g++) {
                    kept.append(t.text(), at, m.start(g)).append("...");
                    at = m.end(g);
                }
                return kept.append(t.text().substring(at)).toString();
            }
        }
        return t.text();
    }

    /**
     * Per "rule field" (e.g. "KET-MON-012 summary"), its wording texts as patterns in which each value the rule gives
     * is a group: a summary may have "For ketamine: " or "Suspected: " before it, a detail reading notes after it.
     */
    private static Map<String, List<Pattern>> templates(Path dir) throws Exception {
        var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        Map<String, List<Pattern>> out = new HashMap<>();
        try (var files = Files.list(dir.resolve("wording"))) {
            for (Path f : files.toList()) {
                yaml.readTree(f.toFile()).fields().forEachRemaining(rule -> {
                    for (String field : List.of("summary", "detail")) {
                        List<String> texts = new ArrayList<>();
                        var node = rule.getValue().path(field);
                        if (node.isTextual()) {
                            texts.add(node.asText());
                        } else {
                            node.elements().forEachRemaining(v -> texts.add(v.asText()));
                        }
                        if (field.equals("summary")) {
                            texts.add("Cannot assess (" + rule.getValue().path("title").asText() + "): {reason}.");
                        }
                        // The longest first: a detail with notes after it may also match a shorter variant.
                        texts.sort(java.util.Comparator.comparingInt(String::length).reversed());
                        for (String text : texts) {
                            out.computeIfAbsent(rule.getKey() + " " + field, k -> new ArrayList<>())
                                    .add(template(text, field.equals("summary")));
                        }
                    }
                });
            }
        }
        return out;
    }

    private static Pattern template(String text, boolean summary) {
        StringBuilder regex = new StringBuilder(summary ? "(?s)(?:Suspected: )?(?:For [^:]+: )?" : "(?s)");
        Matcher p = PLACEHOLDER.matcher(text);
        int at = 0;
        while (p.find()) {
            regex.append(Pattern.quote(text.substring(at, p.start())));
            String name = p.group(1);
            boolean ruleValue = Character.isLowerCase(name.charAt(0)) && !name.equals("reason") && !name.equals("input");
            regex.append(ruleValue ? "(.*?)" : "(?:.*?)");
            at = p.end();
        }
        regex.append(Pattern.quote(text.substring(at))).append(summary ? "" : "(?: .*)?");
        return Pattern.compile(regex.toString());
    }

    /**
     * The thresholds each rule names in its DRL ({@code duration("X")}, {@code using($e, "X")}...): a text is checked
     * against those only, since another rule's default may be a patient's value here ("observed 30 min").
     */
    private static Map<String, Set<String>> thresholdsNamedByRule(KnowledgePackage pkg, Path dir) throws Exception {
        pkg.writeTo(dir);
        Map<String, Set<String>> used = new HashMap<>();
        try (var files = Files.list(dir)) {
            for (Path drl : files.filter(f -> f.toString().endsWith(".drl")).toList()) {
                String code = COMMENT.matcher(Files.readString(drl)).replaceAll(" ");
                Matcher rule = RULE.matcher(code);
                while (rule.find()) {
                    Set<String> named = used.computeIfAbsent(rule.group(1), k -> new TreeSet<>());
                    QUOTED_NAME.matcher(rule.group(2)).results().map(q -> q.group(1))
                            .filter(pkg.thresholds().names()::contains).forEach(named::add);
                }
            }
        }
        return used;
    }

    /**
     * Every duration threshold set to its default plus a week's worth of its unit (7, 14, ...), the first such value
     * that is no duration threshold's default in that unit, so that a shown default cannot be an override.
     */
    private static Map<String, Double> durationOverrides(Thresholds defaults) {
        Map<String, Set<Double>> defaultsByUnit = new HashMap<>();
        for (String name : defaults.names()) {
            Thresholds.Threshold t = defaults.get(name);
            if (UNIT_WORDS.containsKey(t.unit())) {
                defaultsByUnit.computeIfAbsent(t.unit(), u -> new TreeSet<>()).add(t.value());
            }
        }
        Map<String, Double> overrides = new TreeMap<>();
        for (String name : defaults.names()) {
            Thresholds.Threshold t = defaults.get(name);
            if (UNIT_WORDS.containsKey(t.unit())) {
                double value = t.value() + 7;
                while (defaultsByUnit.get(t.unit()).contains(value)) {
                    value += 7;
                }
                overrides.put(name, value);
            }
        }
        return overrides;
    }

    /** "30 d", "30 days", "30-day": how a text shows a duration threshold's value (not "130 d", "30.5 d"). */
    private static Pattern writtenAs(Number value, String unit) {
        return Pattern.compile("(?<![\\d.,/])" + Pattern.quote(value.toString()) + "[ -]?(?:" + UNIT_WORDS.get(unit)
                + ")(?![\\p{L}\\d])");
    }

    private record Text(String ruleId, String where, String text) {
    }

    private static List<Text> texts(Assessment a) {
        List<Text> out = new ArrayList<>();
        for (Finding f : a.findings()) {
            out.add(new Text(f.ruleId(), "summary", f.summary()));
            if (f.detail() != null) {
                out.add(new Text(f.ruleId(), "detail", f.detail()));
            }
            if (f.reason() != null) {
                out.add(new Text(f.ruleId(), "reason", f.reason()));
            }
        }
        for (DataGap g : a.dataGaps()) {
            out.add(new Text(g.ruleId(), "data gap", g.input() + ": " + g.reason()));
        }
        for (MonitoringItem i : a.monitoringPlan()) {
            out.add(new Text(i.ruleId(), "plan item", i.what()));
        }
        return out;
    }
}
