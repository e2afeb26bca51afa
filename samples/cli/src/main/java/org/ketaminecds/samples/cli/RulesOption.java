package org.ketaminecds.samples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.KnowledgePackageException;
import picocli.CommandLine.Option;

/** {@code --rules DIR}, the same on every command that evaluates: a rule folder instead of the prebuilt package. */
final class RulesOption {

    @Option(names = "--rules", paramLabel = "DIR",
            description = "use the knowledge package in this rule folder (compiled at start, a few seconds) instead "
                    + "of the prebuilt one")
    Path dir;

    /** The folder's package, or the prebuilt one without {@code --rules}. */
    KnowledgePackage load() {
        return dir == null ? KnowledgePackage.fromClasspath() : KnowledgePackage.fromDirectory(dir);
    }

    /** Prints each problem on a line of its own, with the path as the user knows it, so an editor can jump to it. */
    static void report(PrintWriter out, Path dir, KnowledgePackageException e) {
        for (KnowledgePackageException.Problem p : e.problems()) {
            out.println(dir == null || p.file().isEmpty() ? p.toString()
                    : new KnowledgePackageException.Problem(dir.resolve(p.file()).toString(), p.line(), p.message()));
        }
    }
}
