package org.ketaminecds.samples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.concurrent.Callable;
import org.ketaminecds.core.KnowledgeInfo;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.KnowledgePackageException;
import org.ketaminecds.core.PackageSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ketamine-cds rules sign DIR --key KEY}: vouches for a rule folder, so that a server will load it. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign a rule folder: write DIR/" + PackageSignature.FILE + ", an Ed25519 signature over the "
                + "package hash. 'serve --rules' loads only folders signed by a key it trusts. Signing says: I "
                + "reviewed these rules and vouch for them (validate and test the folder first).",
                "Exit 0 when signed, 1 when the folder has problems (file:line), 2 for usage errors (e.g. the key)."})
final class RulesSignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "the rule folder (laid out like the bundled package)")
    Path dir;

    @Option(names = "--key", paramLabel = "KEY", required = true,
            description = "the signer's Ed25519 private key, unencrypted PKCS#8 PEM (openssl genpkey -algorithm ed25519)")
    Path key;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrivateKey privateKey;
        try {
            privateKey = PackageSignature.readPrivateKey(key);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        KnowledgeInfo signed;
        try {
            signed = KnowledgePackage.sign(dir, privateKey);
        } catch (KnowledgePackageException e) {
            RulesOption.report(out, dir, e);
            out.println("not signed: " + RulesValidateCommand.count(e.problems().size(), "problem") + " in " + dir);
            out.flush();
            return RulesCommand.PROBLEMS;
        }
        out.println(dir + ": signed. " + signed.describe() + "; wrote " + dir.resolve(PackageSignature.FILE));
        out.flush();
        return 0;
    }
}
