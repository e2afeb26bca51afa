package org.ketaminecds.samples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.KnowledgePackageException;
import org.ketaminecds.core.PackageSignature;
import org.ketaminecds.core.RuleFolderPolicy;
import org.ketaminecds.fhir.ScenarioSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ketamine-cds rules validate DIR}: checks the folder (nothing compiled before every rule file passes the
 * allow-list), compiles it, lists every problem as file:line, and says whether it is signed and by whom.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a rule folder and compile it: sizes, links, what rules may use (types, methods: checked "
                + "before anything is compiled), DRL syntax, unknown value sets and thresholds, rules without "
                + "wording, wording placeholders that name no threshold ({NAME}) or no value the rule gives ({name}), "
                + "rule ids not of the catalog's form, duplicates, malformed value sets, thresholds and "
                + "scenario files, hierarchical filters (is-a...) outside ICD-10-CM and NDC. One line per problem: "
                + "file:line: what is wrong; warnings (an expansion beside a compose, a wording text that spells out a "
                + "duration its rule reads from a threshold: write {NAME}) the same way. Then whether it is "
                + "signed, and by whom (trusted when the key is one of --trusted-key).",
                "With --rule ID, the rule you are working on comes first: its problems and warnings are listed "
                        + "before the rest and counted, but the whole folder is validated and a problem anywhere "
                        + "still fails it.",
                "Exit 0 when the folder is valid, 1 when anything is wrong, 2 for usage errors (and for a --rule "
                        + "the package does not have)."})
final class RulesValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "the rule folder (laid out like the bundled package)")
    Path dir;

    @Option(names = "--trusted-key", paramLabel = "PEM",
            description = "an Ed25519 public key (PEM) to check the folder's signature against; repeatable")
    List<Path> trustedKeys = new ArrayList<>();

    @Option(names = "--rule", paramLabel = "ID",
            description = "the rule you are working on: the whole folder is still validated and a problem anywhere "
                    + "still fails it, but the problems and warnings of this rule (inside its DRL text, its wording, "
                    + "its scenario files) are listed first and counted; repeatable. Run 'rules test --rule ID' for "
                    + "its scenarios")
    List<String> rules = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RuleFolderPolicy policy;
        try {
            policy = RuleFolderPolicy.signatureOptional().trusting(
                    trustedKeys.stream().map(PackageSignature::readPublicKey).toList());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        RuleFocus focus = new RuleFocus(dir, Set.copyOf(rules));
        KnowledgePackage pkg = RulesCommand.loadOrReport(out, dir, policy, focus,
                problems -> count(problems, "problem") + " in " + dir);
        if (pkg == null) {
            return RulesCommand.PROBLEMS;
        }
        RulesCommand.knownRules(spec, pkg, rules);
        ScenarioSuite suite = ScenarioSuite.of(pkg);
        focus.theirsFirst(suite.malformed()).forEach(m -> out.println(dir + java.io.File.separator + m));
        if (!suite.malformed().isEmpty()) {
            out.println(count(suite.malformed().size(), "problem") + " in " + dir
                    + focus.note(suite.malformed(), "problem"));
            out.flush();
            return RulesCommand.PROBLEMS;
        }
        // Warnings do not make the folder invalid: what it allows but its author probably did not mean.
        RulesOption.report(out, dir, focus.theirsFirst(pkg.warnings()).stream().map(w ->
                new KnowledgePackageException.Problem(w.file(), w.line(), "warning: " + w.message())).toList());
        out.println(dir + ": valid" + (pkg.warnings().isEmpty() ? "" : " (" + count(pkg.warnings().size(), "warning")
                + focus.note(pkg.warnings(), "warning") + ")")
                + ". " + pkg.info().id() + " " + pkg.info().version() + " (sha256 "
                + pkg.info().sha256().substring(0, 12) + "), " + count(pkg.ruleIds().size(), "rule") + ", "
                + count(suite.scenarios().size(), "scenario"));
        out.println("signature: " + pkg.signature().describe() + switch (pkg.signature().status()) {
            case NONE, DOES_NOT_MATCH -> "; 'serve --rules' refuses it until it is signed (rules sign DIR --key KEY)";
            case UNTRUSTED_KEY -> trustedKeys.isEmpty() ? " (give --trusted-key to check it against yours)" : "";
            case TRUSTED -> "";
        });
        out.flush();
        return 0;
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
