package org.ketaminecds.samples.cli.workbench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.Scenario;
import org.ketaminecds.fhir.ScenarioRunner;
import org.ketaminecds.fhir.ScenarioSuite;

/**
 * The two packages the workbench holds warm: the built-in one, and the one in use: the rule folder's (its last
 * version that loaded) with {@code --rules}, else the built-in one again. Engines are built once per package.
 */
final class Packages implements AutoCloseable {

    /** What the page's header shows. */
    record Status(String knowledge, String folder, boolean editing, String export) {
    }

    private final CdsEngine builtIn;
    private final Path folder;
    private volatile CdsEngine current;
    private volatile Map<String, List<KnowledgeView.ScenarioCheck>> checks = Map.of();

    Packages(Path folder) {
        this.folder = folder;
        this.builtIn = CdsEngine.builder().knowledgePackage(KnowledgePackage.fromClasspath()).build();
        this.current = folder == null ? builtIn
                : CdsEngine.builder().knowledgePackage(KnowledgePackage.fromDirectory(folder)).build();
        Thread scenarios = new Thread(() -> checks = byRule(ScenarioSuite.of(current()).run(FhirRecordReader.create())
                .results()), "ketamine-cds workbench scenarios");
        scenarios.setDaemon(true);
        scenarios.start();
    }

    CdsEngine builtIn() {
        return builtIn;
    }

    KnowledgePackage current() {
        return current.knowledgePackage();
    }

    CdsEngine currentEngine() {
        return current;
    }

    /** Rule id -> the last results of the scenarios that name it; empty until they have run. */
    Map<String, List<KnowledgeView.ScenarioCheck>> scenarioChecks() {
        return checks;
    }

    List<Object> rounds() {
        return List.of();
    }

    Status status(Path export) {
        return new Status(current().info().describe(), folder == null ? null : folder.toString(), folder != null,
                export == null ? null : export.toString());
    }

    private static Map<String, List<KnowledgeView.ScenarioCheck>> byRule(List<ScenarioRunner.Result> results) {
        Map<String, List<KnowledgeView.ScenarioCheck>> byRule = new TreeMap<>();
        for (ScenarioRunner.Result r : results) {
            Scenario s = r.scenario();
            KnowledgeView.ScenarioCheck check = new KnowledgeView.ScenarioCheck(s.file(), s.name(), r.passed(),
                    r.failures(), ScenarioSuite.actual(r.assessment()));
            for (String rule : named(s)) {
                byRule.computeIfAbsent(rule, k -> new ArrayList<>()).add(check);
            }
        }
        return byRule;
    }

    private static Set<String> named(Scenario s) {
        Set<String> ids = new LinkedHashSet<>();
        s.expect().forEach(e -> ids.add(e.ruleId()));
        ids.addAll(s.mustNotFire());
        s.plan().forEach(p -> ids.add(p.ruleId()));
        ids.addAll(s.mustNotPlan());
        return ids;
    }

    @Override
    public void close() {
    }
}
