package org.ketaminecds.samples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.KnowledgePackageException.Problem;

/**
 * The rules given with {@code --rule}: which of a folder's problems are theirs (a line inside their DRL text, or a
 * line that names them: their wording, their scenario files), so that those are listed first. With no rule, all
 * problems keep their order.
 *
 * @param dir   the rule folder
 * @param rules the rule ids, e.g. {@code KET-CONTRA-007}
 */
record RuleFocus(Path dir, Set<String> rules) {

    RuleFocus {
        rules = Set.copyOf(rules);
    }

    /** The rules' problems (or scenario lines) first, then the rest, each in the order found. */
    <T> List<T> theirsFirst(List<T> problems) {
        List<T> ordered = new ArrayList<>(problems.stream().filter(this::isTheirs).toList());
        problems.stream().filter(p -> !isTheirs(p)).forEach(ordered::add);
        return ordered;
    }

    /** {@code "; 1 problem about KET-CONTRA-007, listed first"}, or nothing without {@code --rule}. */
    String note(List<?> problems, String noun) {
        return rules.isEmpty() ? "" : "; " + RulesValidateCommand.count(
                (int) problems.stream().filter(this::isTheirs).count(), noun) + " about "
                + String.join(", ", rules.stream().sorted().toList()) + ", listed first";
    }

    /** Whether a problem names one of the rules (its wording, its scenario file) or sits inside one's DRL text. */
    private boolean isTheirs(Object problem) {
        if (rules.stream().anyMatch(problem.toString()::contains)) {
            return true;
        }
        String at = problem instanceof Problem p ? ruleAt(p) : null;
        return at != null && rules.contains(at);
    }

    private String ruleAt(Problem p) {
        if (!p.file().endsWith(".drl") || p.line() == 0) {
            return null;
        }
        try {
            return KnowledgePackage.ruleIdAt(Files.readString(dir.resolve(p.file())), p.line());
        } catch (IOException | RuntimeException e) {
            return null; // a file that cannot be read again is reported as everyone's problem, not hidden
        }
    }
}
