package org.ketaminecds.fhir.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.ketaminecds.core.Disposition;

/**
 * The population impact of a rule change: two screens of the same export (before, e.g. the built-in package, and
 * after, the edited rule folder) compared patient by patient. Per rule, which patients changed outcome (fired,
 * cannot assess or absent, with the severity); and the disposition shift, a before→after matrix of counts.
 *
 * <pre>{@code
 * ScreenComparison c = ScreenComparison.of(before.resolve("results.ndjson"), after.resolve("results.ndjson"));
 * c.changes();      // KET-CAND-006: absent -> FIRED CRITICAL, [Patient/x]
 * c.toJson();       // compare.json
 * }</pre>
 *
 * @param patients     patients compared
 * @param dispositions before -> after -> patients, every pair that occurred ({@value #NOT_ASSESSED} for a patient
 *                     whose result has an error); dispositions worst first
 * @param changes      per rule and transition, the patients (sorted); by rule id, then before, then after
 */
public record ScreenComparison(long patients, Map<String, Map<String, Long>> dispositions, List<RuleChange> changes) {

    /** The file a comparison is written to, next to the two screens' folders. */
    public static final String COMPARE_FILE = "compare.json";
    /** A rule's outcome when the patient has no finding of it. */
    public static final String ABSENT = "absent";
    /** The disposition of a patient whose result has an error. */
    public static final String NOT_ASSESSED = "NOT_ASSESSED";

    /**
     * Patients whose outcome of one rule went from {@code before} to {@code after}.
     *
     * @param ruleId   catalog id
     * @param before   e.g. {@code FIRED CRITICAL}, {@code CANNOT_ASSESS WARNING} or {@value #ABSENT}
     * @param after    the same, after the change
     * @param patients {@code Patient/<id>}, sorted
     */
    public record RuleChange(String ruleId, String before, String after, List<String> patients) {
        public RuleChange {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            patients = List.copyOf(patients);
        }
    }

    public ScreenComparison {
        Map<String, Map<String, Long>> d = new LinkedHashMap<>();
        dispositions.forEach((from, to) -> d.put(from, Collections.unmodifiableMap(new LinkedHashMap<>(to))));
        dispositions = Collections.unmodifiableMap(d);
        changes = List.copyOf(changes);
    }

    /**
     * Compares two {@code results.ndjson} files of the same export, both sorted by patient as {@link BulkScreen}
     * writes them. Reads them line by line: only the changes are held in memory.
     *
     * @throws IllegalArgumentException when a line is no result, or the files do not hold the same patients
     */
    public static ScreenComparison of(Path beforeResults, Path afterResults) throws IOException {
        try (BufferedReader before = Files.newBufferedReader(beforeResults, StandardCharsets.UTF_8);
             BufferedReader after = Files.newBufferedReader(afterResults, StandardCharsets.UTF_8)) {
            return of(results(before), results(after));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Iterator<ScreenResult> results(BufferedReader lines) {
        return lines.lines().filter(l -> !l.isBlank()).map(ScreenResult::fromJson).iterator();
    }

    /**
     * Compares two screens' results, patient by patient, both in the same patient order.
     *
     * @throws IllegalArgumentException when the two do not hold the same patients
     */
    public static ScreenComparison of(Iterator<ScreenResult> before, Iterator<ScreenResult> after) {
        long patients = 0;
        Map<String, Map<String, Long>> matrix = new TreeMap<>(ScreenComparison::worstFirst);
        Map<Transition, List<String>> changed = new TreeMap<>(Comparator.comparing(Transition::ruleId)
                .thenComparing(Transition::before).thenComparing(Transition::after));
        while (before.hasNext() || after.hasNext()) {
            if (!before.hasNext() || !after.hasNext()) {
                throw new IllegalArgumentException("the two screens do not hold the same number of patients");
            }
            ScreenResult b = before.next();
            ScreenResult a = after.next();
            if (!b.patient().equals(a.patient())) {
                throw new IllegalArgumentException("the two screens do not hold the same patients: " + b.patient()
                        + " and " + a.patient() + " in the same place");
            }
            patients++;
            matrix.computeIfAbsent(disposition(b), k -> new TreeMap<>(ScreenComparison::worstFirst))
                    .merge(disposition(a), 1L, Long::sum);
            Map<String, String> was = outcomes(b);
            Map<String, String> is = outcomes(a);
            for (String rule : union(was.keySet(), is.keySet())) {
                String from = was.getOrDefault(rule, ABSENT);
                String to = is.getOrDefault(rule, ABSENT);
                if (!from.equals(to)) {
                    changed.computeIfAbsent(new Transition(rule, from, to), k -> new ArrayList<>()).add(b.patient());
                }
            }
        }
        List<RuleChange> changes = new ArrayList<>();
        changed.forEach((t, ids) -> changes.add(new RuleChange(t.ruleId(), t.before(), t.after(),
                ids.stream().sorted().toList())));
        return new ScreenComparison(patients, matrix, changes);
    }

    private record Transition(String ruleId, String before, String after) {
    }

    private static String disposition(ScreenResult r) {
        return r.assessed() ? r.disposition().name() : NOT_ASSESSED;
    }

    /** Per rule, its outcome and severity; a rule with several findings of different kinds lists them all. */
    private static Map<String, String> outcomes(ScreenResult r) {
        Map<String, TreeSet<String>> kinds = new TreeMap<>();
        for (ScreenFinding f : r.findings()) {
            kinds.computeIfAbsent(f.ruleId(), k -> new TreeSet<>()).add(f.outcome() + " " + f.severity());
        }
        Map<String, String> outcomes = new TreeMap<>();
        kinds.forEach((rule, set) -> outcomes.put(rule, String.join(" + ", set)));
        return outcomes;
    }

    private static TreeSet<String> union(Set<String> a, Set<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static int worstFirst(String a, String b) {
        return Integer.compare(rank(a), rank(b));
    }

    private static int rank(String disposition) {
        return NOT_ASSESSED.equals(disposition) ? Disposition.values().length : Disposition.valueOf(disposition).ordinal();
    }

    /** Patients with at least one rule whose outcome changed. */
    public long changedPatients() {
        return changes.stream().flatMap(c -> c.patients().stream()).distinct().count();
    }

    /** Patients whose outcome of {@code ruleId} changed. */
    public long changedPatients(String ruleId) {
        return changes.stream().filter(c -> c.ruleId().equals(ruleId)).mapToLong(c -> c.patients().size()).sum();
    }

    /**
     * What a person reads after the screens: the disposition shift as a matrix (rows before, columns after), then
     * per rule the transitions with their counts and at most {@code maxPatients} patient ids each.
     */
    public String report(int maxPatients) {
        String nl = System.lineSeparator();
        StringBuilder b = new StringBuilder();
        long changedPatients = changedPatients();
        b.append(changedPatients).append(" of ").append(patients).append(patients == 1 ? " patient" : " patients")
                .append(" changed outcome.").append(nl);
        List<String> columns = dispositions.values().stream().flatMap(m -> m.keySet().stream()).distinct()
                .sorted(ScreenComparison::worstFirst).toList();
        int width = Math.max("before \\ after".length(),
                dispositions.keySet().stream().mapToInt(String::length).max().orElse(0));
        b.append("Disposition shift (rows before, columns after):").append(nl);
        b.append("  ").append(pad("before \\ after", width));
        columns.forEach(c -> b.append("  ").append(c));
        b.append(nl);
        dispositions.forEach((from, row) -> {
            b.append("  ").append(pad(from, width));
            for (String c : columns) {
                b.append("  ").append(String.format("%" + c.length() + "d", row.getOrDefault(c, 0L)));
            }
            b.append(nl);
        });
        String rule = null;
        for (RuleChange c : changes) {
            if (!c.ruleId().equals(rule)) {
                rule = c.ruleId();
                long n = changedPatients(rule);
                b.append(rule).append(": ").append(n).append(n == 1 ? " patient" : " patients").append(" changed")
                        .append(nl);
            }
            List<String> shown = c.patients().subList(0, Math.min(maxPatients, c.patients().size()));
            b.append("  ").append(c.before()).append(" -> ").append(c.after()).append(": ")
                    .append(c.patients().size()).append(" (").append(String.join(", ", shown))
                    .append(c.patients().size() > shown.size() ? ", ... " + (c.patients().size() - shown.size())
                            + " more" : "").append(")").append(nl);
        }
        return b.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static final JsonFactory FACTORY = new JsonFactory();

    /**
     * {@code compare.json}: patients, changedPatients, dispositions (before -> after -> count), and rules: per rule
     * id, changedPatients and its transitions with every patient.
     */
    public String toJson() {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(ScreenSummary.PRETTY);
            g.writeStartObject();
            g.writeNumberField("patients", patients);
            g.writeNumberField("changedPatients", changedPatients());
            ScreenSummary.writeCounts(g, "dispositions", dispositions);
            g.writeObjectFieldStart("rules");
            Map<String, List<RuleChange>> byRule = changes.stream()
                    .collect(Collectors.groupingBy(RuleChange::ruleId, TreeMap::new, Collectors.toList()));
            for (Map.Entry<String, List<RuleChange>> rule : byRule.entrySet()) {
                g.writeObjectFieldStart(rule.getKey());
                g.writeNumberField("changedPatients", changedPatients(rule.getKey()));
                g.writeArrayFieldStart("changes");
                for (RuleChange c : rule.getValue()) {
                    g.writeStartObject();
                    g.writeStringField("before", c.before());
                    g.writeStringField("after", c.after());
                    g.writeNumberField("count", c.patients().size());
                    g.writeArrayFieldStart("patients");
                    for (String p : c.patients()) {
                        g.writeString(p);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
