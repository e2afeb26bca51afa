package org.ketaminecds.fhir;

import java.util.ArrayList;
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
     * @param scenario   the scenario
     * @param assessment what the engine answered, or {@code null} when the record could not be read
     * @param failures   one line per difference ("KET-CONTRA-001: expected FIRED, got no finding"); empty when it passed
     */
    public record Result(Scenario scenario, Assessment assessment, List<String> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    private final KnowledgePackage knowledgePackage;
    private final FhirRecordReader reader;
    private final Map<Map<String, Double>, CdsEngine> engines = new ConcurrentHashMap<>();

    public ScenarioRunner(KnowledgePackage knowledgePackage, FhirRecordReader reader) {
        this.knowledgePackage = knowledgePackage;
        this.reader = reader;
    }

    public Result run(Scenario s) {
        PatientRecord record;
        try {
            record = reader.read(s.bundleJson(), s.file());
        } catch (UnusableRecordException e) {
            return new Result(s, null, List.of("the bundle cannot be used: " + e.getMessage()));
        }
        CdsEngine engine = engines.computeIfAbsent(s.thresholds(),
                t -> CdsEngine.builder().knowledgePackage(knowledgePackage).thresholds(t).initialSessions(1).build());
        Assessment a = engine.evaluate(record,
                new EvaluationContext(s.mode(), s.asOf(), PlannedTreatment.of(s.product(), s.route())));
        return new Result(s, a, compare(s, a));
    }

    static List<String> compare(Scenario s, Assessment a) {
        List<String> failures = new ArrayList<>();
        for (Scenario.Expectation e : s.expect()) {
            Optional<Finding> found = a.findings().stream().filter(f -> f.ruleId().equals(e.ruleId())).findFirst();
            if (found.isEmpty()) {
                failures.add(e.ruleId() + ": expected " + e.outcome() + ", got no finding");
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
                    failures.add(e.ruleId() + ": expected evidence " + id + ", got " + f.evidence());
                }
            }
        }
        for (String ruleId : s.mustNotFire()) {
            a.findings().stream().filter(f -> f.ruleId().equals(ruleId)).findFirst().ifPresent(f ->
                    failures.add(ruleId + ": must not fire, got " + f.outcome() + " " + f.severity() + " (" + f.summary() + ")"));
        }
        for (Scenario.PlanItem expected : s.plan()) {
            boolean found = a.monitoringPlan().stream().anyMatch(m -> m.ruleId().equals(expected.ruleId())
                    && (expected.what() == null || expected.what().equals(m.what()))
                    && (expected.dueStart() == null || expected.dueStart().equals(m.dueStart()))
                    && (expected.dueEnd() == null || expected.dueEnd().equals(m.dueEnd())));
            if (!found) {
                failures.add("plan: expected " + expected + ", got " + a.monitoringPlan());
            }
        }
        for (String ruleId : s.mustNotPlan()) {
            a.monitoringPlan().stream().filter(m -> m.ruleId().equals(ruleId)).findFirst().ifPresent(m ->
                    failures.add("plan: " + ruleId + " must plan nothing, got " + m));
        }
        if (s.disposition() != null && s.disposition() != a.disposition()) {
            failures.add("disposition: expected " + s.disposition() + ", got " + a.disposition());
        }
        return List.copyOf(failures);
    }

    private static void check(List<String> failures, String ruleId, String field, Object expected, Object actual) {
        if (expected != null && !expected.equals(actual)) {
            failures.add(ruleId + ": expected " + field + " " + expected + ", got " + actual);
        }
    }
}
