package org.ketaminecds.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.KnowledgeInfo;
import org.ketaminecds.core.KnowledgePackage;

/**
 * All the scenario files of a knowledge package: read (a file that cannot be used is reported, not thrown), run,
 * and measured for coverage. What {@code ketamine-cds rules test} prints and what a reload must pass.
 */
public final class ScenarioSuite {

    private static final String FOLDER = "scenarios/";

    /**
     * The outcome of running a suite.
     *
     * @param knowledge       the package the scenarios ran against
     * @param results         one per scenario that could be read, in path order
     * @param malformed       one line per scenario file that could not be used: the file and the field
     * @param notFired        rules of the package that no scenario expects a finding from
     * @param withoutNearMiss rules of the package that no scenario lists under {@code mustNotFire}
     */
    public record Report(KnowledgeInfo knowledge, List<ScenarioRunner.Result> results, List<String> malformed,
                         Set<String> notFired, Set<String> withoutNearMiss) {

        /** Every scenario could be read and passed. */
        public boolean passed() {
            return malformed.isEmpty() && results.stream().allMatch(ScenarioRunner.Result::passed);
        }

        /** One line per failure, expected vs actual, then one per malformed file; empty when it passed. */
        public List<String> problems() {
            List<String> lines = new ArrayList<>();
            for (ScenarioRunner.Result r : results) {
                for (String failure : r.failures()) {
                    lines.add(r.scenario().file() + ": " + failure);
                }
            }
            lines.addAll(malformed);
            return lines;
        }
    }

    private final KnowledgePackage knowledgePackage;
    private final List<Scenario> scenarios;
    private final List<String> malformed;
    /** The rules whose coverage a run measures: all of the package's, or those a suite was narrowed to. */
    private final Set<String> covering;

    private ScenarioSuite(KnowledgePackage knowledgePackage, List<Scenario> scenarios, List<String> malformed,
                          Set<String> covering) {
        this.knowledgePackage = knowledgePackage;
        this.scenarios = List.copyOf(scenarios);
        this.malformed = List.copyOf(malformed);
        this.covering = Set.copyOf(covering);
    }

    /**
     * Reads the package's scenario files ({@code scenarios/**.yaml} but {@code scenarios/bases/}, which holds the
     * base patients they start from; other files there are their bundles).
     */
    public static ScenarioSuite of(KnowledgePackage pkg) {
        Map<String, byte[]> files = pkg.scenarioFiles();
        ScenarioBases bases = ScenarioBases.of(files, FOLDER);
        List<Scenario> scenarios = new ArrayList<>();
        List<String> malformed = new ArrayList<>(bases.problems());
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!f.getKey().endsWith(".yaml") && !f.getKey().endsWith(".yml") || ScenarioBases.isBase(f.getKey())) {
                continue;
            }
            String file = FOLDER + f.getKey();
            try {
                Scenario s = Scenario.parse(file, f.getValue(),
                        path -> path.startsWith(FOLDER) ? files.get(path.substring(FOLDER.length())) : null, bases);
                List<String> unknown = unknownRules(s, pkg.ruleIds());
                if (unknown.isEmpty()) {
                    scenarios.add(s);
                } else {
                    unknown.forEach(u -> malformed.add(file + ": " + u));
                }
            } catch (ScenarioException e) {
                malformed.add(e.getMessage());
            }
        }
        return new ScenarioSuite(pkg, scenarios, malformed, pkg.ruleIds());
    }

    /**
     * Only the scenarios that name one of {@code ruleIds} (in {@code expect}, {@code mustNotFire}, {@code plan} or
     * {@code mustNotPlan}), with coverage measured for those rules alone: the single-rule loop. The files that could
     * not be read stay, since one of them may be that rule's own.
     */
    public ScenarioSuite naming(Set<String> ruleIds) {
        return new ScenarioSuite(knowledgePackage,
                scenarios.stream().filter(s -> named(s).stream().anyMatch(ruleIds::contains)).toList(), malformed,
                ruleIds);
    }

    /** The scenarios that could be read. */
    public List<Scenario> scenarios() {
        return scenarios;
    }

    /** One line per scenario file that cannot be used, naming the file and the field. */
    public List<String> malformed() {
        return malformed;
    }

    /** Runs every scenario that could be read. */
    public Report run(FhirRecordReader reader) {
        ScenarioRunner runner = new ScenarioRunner(knowledgePackage, reader);
        List<ScenarioRunner.Result> results = scenarios.stream().map(runner::run).toList();
        Set<String> notFired = new TreeSet<>(covering);
        Set<String> withoutNearMiss = new TreeSet<>(covering);
        for (Scenario s : scenarios) {
            s.expect().forEach(e -> notFired.remove(e.ruleId()));
            s.mustNotFire().forEach(withoutNearMiss::remove);
        }
        return new Report(knowledgePackage.info(), results, malformed, Set.copyOf(notFired), Set.copyOf(withoutNearMiss));
    }

    /** What an assessment said, in one line: the "actual" beside a failure's "expected". */
    public static String actual(Assessment a) {
        if (a == null) {
            return "no assessment";
        }
        String findings = a.findings().stream().map(ScenarioSuite::brief).collect(Collectors.joining(", "));
        return "disposition " + a.disposition() + "; findings: " + (findings.isEmpty() ? "none" : findings);
    }

    private static String brief(Finding f) {
        return f.ruleId() + " " + f.outcome() + " " + f.severity()
                + (f.contraindication() == null ? "" : " " + f.contraindication());
    }

    /** Every rule id a scenario names. */
    private static Set<String> named(Scenario s) {
        Set<String> ids = new TreeSet<>(s.mustNotFire());
        ids.addAll(s.mustNotPlan());
        s.expect().forEach(e -> ids.add(e.ruleId()));
        s.plan().forEach(p -> ids.add(p.ruleId()));
        return ids;
    }

    private static List<String> unknownRules(Scenario s, Set<String> ruleIds) {
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < s.expect().size(); i++) {
            String id = s.expect().get(i).ruleId();
            if (!ruleIds.contains(id)) {
                unknown.add("expect[" + i + "].ruleId '" + id + "' is not a rule of the package");
            }
        }
        for (String id : s.mustNotFire()) {
            if (!ruleIds.contains(id)) {
                unknown.add("mustNotFire '" + id + "' is not a rule of the package");
            }
        }
        return unknown;
    }
}
