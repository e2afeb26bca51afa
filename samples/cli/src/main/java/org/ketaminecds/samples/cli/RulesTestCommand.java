package org.ketaminecds.samples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.RuleFolderPolicy;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.ScenarioRunner;
import org.ketaminecds.fhir.ScenarioSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ketamine-cds rules test DIR}: runs the folder's scenarios, then says what they do not cover. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run every scenario of a rule folder (scenarios/**.yaml; scenarios/bases/ holds the base "
                + "patients a scenario may start from with base:, add:, replace: and remove:, and is not run): "
                + "PASS or FAIL per scenario, with "
                + "expected vs actual for each failure; then coverage: the rules no scenario fires and the rules "
                + "with no near miss.",
                "Exit 0 when every scenario passed, 1 when one failed or could not be read (or the folder does not "
                        + "load; with --require-coverage also when coverage is incomplete), 2 for usage errors (and "
                        + "for a --rule the package does not have)."})
final class RulesTestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "the rule folder (laid out like the bundled package)")
    Path dir;

    @Option(names = "--require-coverage",
            description = "also fail when a rule has no scenario where it fires or none where it must not")
    boolean requireCoverage;

    @Option(names = "--rule", paramLabel = "ID",
            description = "run only the scenarios that name this rule (in expect, mustNotFire, plan or mustNotPlan), "
                    + "and measure coverage for it alone; repeatable. Scenario files that cannot be read are "
                    + "still reported: one may be the rule's own")
    List<String> rules = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        KnowledgePackage pkg = RulesCommand.loadOrReport(out, dir, RuleFolderPolicy.signatureOptional(),
                new RuleFocus(dir, Set.copyOf(rules)),
                problems -> "the folder does not load ("
                + RulesValidateCommand.count(problems, "problem") + "); no scenario was run");
        if (pkg == null) {
            return RulesCommand.PROBLEMS;
        }
        ScenarioSuite suite = ScenarioSuite.of(pkg);
        if (!rules.isEmpty()) {
            suite = suite.naming(RulesCommand.knownRules(spec, pkg, rules));
        }
        ScenarioSuite.Report report = suite.run(FhirRecordReader.create());
        out.println("Package " + pkg.info().id() + " " + pkg.info().version() + " from " + dir);
        if (!rules.isEmpty()) {
            out.println("Selected " + RulesValidateCommand.count(suite.scenarios().size(), "scenario") + " naming "
                    + list(Set.copyOf(rules)));
        }
        int failed = 0;
        for (ScenarioRunner.Result r : report.results()) {
            out.println((r.passed() ? "PASS  " : "FAIL  ") + r.scenario().file() + "  (" + r.scenario().name() + ")");
            if (!r.passed()) {
                failed++;
                r.failures().forEach(f -> out.println("        " + f));
                out.println("        actual: " + ScenarioSuite.actual(r.assessment()));
            }
        }
        report.malformed().forEach(m -> out.println("ERROR " + m));
        out.println();
        out.println(RulesValidateCommand.count(report.results().size() + report.malformed().size(), "scenario") + ": "
                + (report.results().size() - failed) + " passed, " + failed + " failed, "
                + report.malformed().size() + " could not be read");
        out.println("Rules no scenario fires (no 'expect' names them): " + list(report.notFired()));
        out.println("Rules with no near miss (no 'mustNotFire' names them): " + list(report.withoutNearMiss()));
        out.flush();
        boolean covered = report.notFired().isEmpty() && report.withoutNearMiss().isEmpty();
        return report.passed() && (covered || !requireCoverage) ? 0 : RulesCommand.PROBLEMS;
    }

    private static String list(Set<String> ids) {
        return ids.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(ids));
    }
}
