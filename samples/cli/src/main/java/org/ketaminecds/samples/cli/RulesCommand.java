package org.ketaminecds.samples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.KnowledgePackageException;
import org.ketaminecds.core.RuleFolderPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ketamine-cds rules validate|test|sign DIR}: the informaticist's checks of a rule folder, and signing it. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = {"Check a rule folder (a copy of the knowledge package, edited): validate it, run its scenarios; "
                + "sign it for serving.",
                "Exit codes: 0 all good, 1 problems found, 2 usage error."},
        subcommands = {RulesValidateCommand.class, RulesTestCommand.class, RulesSignCommand.class})
final class RulesCommand implements Callable<Integer> {

    /** Exit code when the folder has problems or a scenario failed. */
    static final int PROBLEMS = 1;

    @Spec
    CommandSpec spec;

    /**
     * The folder's package, or {@code null} after printing its problems (file:line: what is wrong, one per line)
     * and a closing line made from their count: how both subcommands open.
     */
    static KnowledgePackage loadOrReport(PrintWriter out, Path dir, RuleFolderPolicy policy,
                                         IntFunction<String> closing) {
        try {
            return KnowledgePackage.fromDirectory(dir, policy);
        } catch (KnowledgePackageException e) {
            RulesOption.report(out, dir, e);
            out.println(closing.apply(e.problems().size()));
            out.flush();
            return null;
        }
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "say what to do: rules validate DIR, rules test DIR, or rules sign DIR --key KEY");
    }
}
