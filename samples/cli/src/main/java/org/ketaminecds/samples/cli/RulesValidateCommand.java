package org.ketaminecds.samples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.KnowledgePackageException;
import org.ketaminecds.fhir.ScenarioSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ketamine-cds rules validate DIR}: compiles the folder and lists every problem as file:line. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Compile a rule folder and check it: DRL syntax, unknown value sets and thresholds, rules "
                + "without wording, rule ids not of the catalog's form, duplicates, malformed value sets, "
                + "thresholds and scenario files, hierarchical filters (is-a...) outside ICD-10-CM and NDC. One line per "
                + "problem: file:line: what is wrong; warnings (an expansion beside a compose) the same way.",
                "Exit 0 when the folder is valid, 1 when anything is wrong, 2 for usage errors."})
final class RulesValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "the rule folder (laid out like the bundled package)")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        KnowledgePackage pkg = RulesCommand.loadOrReport(out, dir, problems -> count(problems, "problem") + " in " + dir);
        if (pkg == null) {
            return RulesCommand.PROBLEMS;
        }
        ScenarioSuite suite = ScenarioSuite.of(pkg);
        suite.malformed().forEach(m -> out.println(dir + java.io.File.separator + m));
        if (!suite.malformed().isEmpty()) {
            out.println(count(suite.malformed().size(), "problem") + " in " + dir);
            out.flush();
            return RulesCommand.PROBLEMS;
        }
        // Warnings do not make the folder invalid: what it allows but its author probably did not mean.
        pkg.warnings().forEach(w -> out.println(new KnowledgePackageException.Problem(
                dir.resolve(w.file()).toString(), w.line(), "warning: " + w.message())));
        out.println(dir + ": valid" + (pkg.warnings().isEmpty() ? "" : " (" + count(pkg.warnings().size(), "warning") + ")")
                + ". " + pkg.info().id() + " " + pkg.info().version() + " (sha256 "
                + pkg.info().sha256().substring(0, 12) + "), " + count(pkg.ruleIds().size(), "rule") + ", "
                + count(suite.scenarios().size(), "scenario"));
        out.flush();
        return 0;
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
