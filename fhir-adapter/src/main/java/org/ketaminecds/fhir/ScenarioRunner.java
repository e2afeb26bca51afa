package org.ketaminecds.fhir;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.PlannedTreatment;
import org.ketaminecds.core.record.PatientRecord;

/**
 * Runs {@link Scenario}s against a knowledge package and says, for each, what differed from what was expected.
 * Scenarios with threshold overrides get an engine of their own, sharing the package's compiled rules.
 */
public final class ScenarioRunner {

    /**
     * What one scenario gave.
     *
     * @param scenario    the scenario
     * @param assessment  what the engine answered, or {@code null} when the record could not be read
     * @param differences one per expectation that did not hold; empty when it passed
     */
    public record Result(Scenario scenario, Assessment assessment, List<Difference> differences) {
        public boolean passed() {
            return differences.isEmpty();
        }

        /** One line per difference ("KET-CONTRA-001: expected FIRED, got no finding"); empty when it passed. */
        public List<String> failures() {
            return differences.stream().map(Difference::toString).toList();
        }
    }

    /**
     * An expectation that did not hold, apart so that a screen can show expected beside got.
     *
     * @param about    the rule id it is about, or {@code plan}, {@code disposition}, {@code bundle}
     * @param expected what the scenario expects, e.g. {@code FIRED}, {@code severity CRITICAL}, or what it forbids,
     *                 {@code must not fire}
     * @param got      what came out, e.g. {@code no finding}
     */
    public record Difference(String about, String expected, String got) {
        /** "KET-CONTRA-001: expected FIRED, got no finding", "KET-CAND-006: must not fire, got FIRED CRITICAL (…)". */
        @Override
        public String toString() {
            return about + ": " + (expected.startsWith("must ") ? "" : "expected ") + expected + ", got " + got;
        }
    }

    /** A bundle read: its record, or why it cannot be used. */
    private record Read(PatientRecord record, String unusable) {
    }

    private final KnowledgePackage knowledgePackage;
    private final FhirRecordReader reader;
    private final Map<Map<String, Double>, CdsEngine> engines = new ConcurrentHashMap<>();
    /** Bundle JSON -> what reading it gave. */
    private final Map<String, Read> reads;

    public ScenarioRunner(KnowledgePackage knowledgePackage, FhirRecordReader reader) {
        this(knowledgePackage, reader, new ConcurrentHashMap<>());
    }

    private ScenarioRunner(KnowledgePackage knowledgePackage, FhirRecordReader reader, Map<String, Read> reads) {
        this.knowledgePackage = knowledgePackage;
        this.reader = reader;
        this.reads = reads;
    }

    /**
     * A runner of {@code scenarios} against another package that keeps the records this one read for their bundles: a
     * record depends on its bundle alone, so an edit loop reads each bundle once, not once per save.
     */
    public ScenarioRunner on(KnowledgePackage other, Collection<Scenario> scenarios) {
        Map<String, Read> kept = new ConcurrentHashMap<>();
        scenarios.forEach(s -> {
            Read read = reads.get(s.bundleJson());
            if (read != null) {
                kept.put(s.bundleJson(), read);
            }
        });
        return new ScenarioRunner(other, reader, kept);
    }

    public Result run(Scenario s) {
        Read read = reads.computeIfAbsent(s.bundleJson(), json -> {
            try {
                return new Read(reader.read(json, s.file()), null);
            } catch (UnusableRecordException e) {
                return new Read(null, e.getMessage());
            }
        });
        if (read.record() == null) {
            return new Result(s, null, List.of(new Difference("bundle", "a usable record", read.unusable())));
        }
        PatientRecord record = read.record();
        CdsEngine engine = engines.computeIfAbsent(s.thresholds(),
                t -> CdsEngine.builder().knowledgePackage(knowledgePackage).thresholds(t).initialSessions(1).build());
        Assessment a = engine.evaluate(record,
                new EvaluationContext(s.mode(), s.asOf(), PlannedTreatment.of(s.product(), s.route())));
        return new Result(s, a, compare(s, a));
    }

    static List<Difference> compare(Scenario s, Assessment a) {
        List<Difference> failures = new ArrayList<>();
        for (Scenario.Expectation e : s.expect()) {
            Optional<Finding> found = a.findings().stream().filter(f -> f.ruleId().equals(e.ruleId())).findFirst();
            if (found.isEmpty()) {
                failures.add(new Difference(e.ruleId(), String.valueOf(e.outcome()), "no finding"));
                continue;
            }
            Finding f = found.get();
            check(failures, e.ruleId(), "outcome", e.outcome(), f.outcome());
            check(failures, e.ruleId(), "severity", e.severity(), f.severity());
            if (e.noContraindication()) {
                check(failures, e.ruleId(), "contraindication", "NONE", f.contraindication() == null ? "NONE" : f.contraindication());
            } else {
                check(failures, e.ruleId(), "contraindication", e.contraindication(), f.contraindication());
            }
            check(failures, e.ruleId(), "product", e.product(), f.product());
            for (String id : e.evidence()) {
                if (!f.evidence().contains(id)) {
                    failures.add(new Difference(e.ruleId(), "evidence " + id, String.valueOf(f.evidence())));
                }
            }
        }
        for (String ruleId : s.mustNotFire()) {
            a.findings().stream().filter(f -> f.ruleId().equals(ruleId)).findFirst().ifPresent(f ->
                    failures.add(new Difference(ruleId, "must not fire",
                            f.outcome() + " " + f.severity() + " (" + f.summary() + ")")));
        }
        for (Scenario.PlanItem expected : s.plan()) {
            boolean found = a.monitoringPlan().stream().anyMatch(m -> m.ruleId().equals(expected.ruleId())
                    && (expected.what() == null || expected.what().equals(m.what()))
                    && (expected.dueStart() == null || expected.dueStart().equals(m.dueStart()))
                    && (expected.dueEnd() == null || expected.dueEnd().equals(m.dueEnd())));
            if (!found) {
                failures.add(new Difference("plan", String.valueOf(expected), String.valueOf(a.monitoringPlan())));
            }
        }
        for (String ruleId : s.mustNotPlan()) {
            a.monitoringPlan().stream().filter(m -> m.ruleId().equals(ruleId)).findFirst().ifPresent(m ->
                    failures.add(new Difference("plan", "must plan nothing from " + ruleId, String.valueOf(m))));
        }
        if (s.disposition() != null && s.disposition() != a.disposition()) {
            failures.add(new Difference("disposition", String.valueOf(s.disposition()), String.valueOf(a.disposition())));
        }
        return List.copyOf(failures);
    }

    private static void check(List<Difference> failures, String ruleId, String field, Object expected, Object actual) {
        if (expected != null && !expected.equals(actual)) {
            failures.add(new Difference(ruleId, field + " " + expected, String.valueOf(actual)));
        }
    }
}
