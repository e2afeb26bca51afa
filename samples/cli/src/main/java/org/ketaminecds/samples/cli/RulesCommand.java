package org.ketaminecds.samples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
     * and a closing line made from their count: how both subcommands open. With {@code --rule}, that rule's problems
     * come first and the closing line says how many they are.
     */
    static KnowledgePackage loadOrReport(PrintWriter out, Path dir, RuleFolderPolicy policy, RuleFocus focus,
                                         IntFunction<String> closing) {
        try {
            return KnowledgePackage.fromDirectory(dir, policy);
        } catch (KnowledgePackageException e) {
            RulesOption.report(out, dir, focus.theirsFirst(e.problems()));
            out.println(closing.apply(e.problems().size()) + focus.note(e.problems(), "problem"));
            out.flush();
            return null;
        }
    }

    /**
     * The {@code --rule} ids, each checked against the package: an id it does not have is a usage error whose one
     * line lists the package's ids with the same prefix (or, when none shares it, the prefixes there are).
     */
    static Set<String> knownRules(CommandSpec spec, KnowledgePackage pkg, List<String> ids) {
        Set<String> all = new TreeSet<>(pkg.ruleIds());
        for (String id : ids) {
            if (!all.contains(id)) {
                String prefix = prefixOf(id);
                List<String> like = all.stream().filter(r -> prefixOf(r).equals(prefix)).toList();
                throw new ParameterException(spec.commandLine(), "--rule " + id + ": the package has no such rule; "
                        + (like.isEmpty()
                        ? "its rule ids start with "
                                + String.join(", ", new TreeSet<>(all.stream().map(RulesCommand::prefixOf).toList()))
                        : "its " + prefix + " rules are " + String.join(", ", like)));
            }
        }
        return Set.copyOf(ids);
    }

    /** {@code KET-CONTRA-} of {@code KET-CONTRA-007}: the rule set part of an id. */
    private static String prefixOf(String id) {
        return id.substring(0, id.lastIndexOf('-') + 1);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "say what to do: rules validate DIR, rules test DIR, or rules sign DIR --key KEY");
    }
}
