package org.ketaminecds.samples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ketamine-cds rules validate|test DIR}: the informaticist's checks of a rule folder. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = {"Check a rule folder (a copy of the knowledge package, edited): validate it, run its scenarios.",
                "Exit codes: 0 all good, 1 problems found, 2 usage error."},
        subcommands = {RulesValidateCommand.class, RulesTestCommand.class})
final class RulesCommand implements Callable<Integer> {

    /** Exit code when the folder has problems or a scenario failed. */
    static final int PROBLEMS = 1;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "say what to do: rules validate DIR, or rules test DIR");
    }
}
