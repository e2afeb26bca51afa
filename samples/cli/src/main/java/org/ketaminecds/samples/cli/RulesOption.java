package org.ketaminecds.samples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.KnowledgePackageException;
import org.ketaminecds.core.PackageSignature;
import org.ketaminecds.core.RuleFolderPolicy;
import picocli.CommandLine.Option;

/**
 * {@code --rules DIR [--trusted-key PEM]...}, the same on every command that evaluates: a rule folder instead of the
 * prebuilt package. Signed or not: evaluate and screen are an author's own tools (serve asks for more).
 */
final class RulesOption {

    @Option(names = "--rules", paramLabel = "DIR",
            description = "use the knowledge package in this rule folder (compiled at start, a few seconds) instead "
                    + "of the prebuilt one")
    Path dir;

    @Option(names = "--trusted-key", paramLabel = "PEM",
            description = "an Ed25519 public key (PEM) whose signature on the rule folder is trusted; repeatable")
    List<Path> trustedKeys = new ArrayList<>();

    /** The folder's package, or the prebuilt one without {@code --rules}. */
    KnowledgePackage load() {
        return dir == null ? KnowledgePackage.fromClasspath() : load(dir);
    }

    /** Another rule folder ({@code screen --compare}), under the same signature policy as {@code --rules}. */
    KnowledgePackage load(Path folder) {
        return KnowledgePackage.fromDirectory(folder, RuleFolderPolicy.signatureOptional().trusting(keys()));
    }

    KnowledgePackage load(RuleFolderPolicy policy) {
        return dir == null ? KnowledgePackage.fromClasspath() : KnowledgePackage.fromDirectory(dir, policy);
    }

    /**
     * The {@code --trusted-key} files' keys.
     *
     * @throws IllegalArgumentException naming a file that is no Ed25519 public key
     */
    List<PublicKey> keys() {
        return trustedKeys.stream().map(PackageSignature::readPublicKey).toList();
    }

    /** Prints each problem on a line of its own, with the path as the user knows it, so an editor can jump to it. */
    static void report(PrintWriter out, Path dir, KnowledgePackageException e) {
        report(out, dir, e.problems());
    }

    /** The same for a list of problems, in its order. */
    static void report(PrintWriter out, Path dir, List<KnowledgePackageException.Problem> problems) {
        for (KnowledgePackageException.Problem p : problems) {
            out.println(dir == null || p.file().isEmpty() ? p.toString()
                    : new KnowledgePackageException.Problem(dir.resolve(p.file()).toString(), p.line(), p.message()));
        }
    }
}
