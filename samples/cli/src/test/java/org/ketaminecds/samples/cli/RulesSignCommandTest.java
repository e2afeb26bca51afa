package org.ketaminecds.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.rules.PackageFolder;
import org.ketaminecds.rules.SigningKey;

/** {@code ketamine-cds rules sign DIR --key KEY}: nothing is compiled, so these are quick. */
class RulesSignCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path keys;

    private int run(String... args) {
        return KetamineCds.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void sign_copyOfBundledPackage_writesTheSignatureNamingHashAndKey(@TempDir Path dir) {
        PackageFolder.copy(dir);
        SigningKey committee = SigningKey.create(keys, "committee");

        int exit = run("rules", "sign", dir.toString(), "--key", committee.privatePem().toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).isEqualTo(dir + ": signed. ketamine-cds-rules 0.1.0, sha256 "
                + KnowledgePackage.fromClasspath().info().sha256() + ", signed by " + committee.keyId() + "; wrote "
                + dir.resolve("knowledge.sig") + "\n");
        assertThat(dir.resolve("knowledge.sig")).isRegularFile();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void sign_folderWithARuleThatRunsCode_exit1NotSigned(@TempDir Path dir) {
        PackageFolder.copy(dir);
        Path drl = dir.resolve("candidacy.drl");
        PackageFolder.edit(drl, "import java.util.List;", "import java.io.File;");
        SigningKey committee = SigningKey.create(keys, "committee");

        int exit = run("rules", "sign", dir.toString(), "--key", committee.privatePem().toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).startsWith(drl + ":" + PackageFolder.lineOf(drl, "import java.io.File;")
                + ": import java.io.File is not allowed").endsWith("not signed: 1 problem in " + dir + "\n");
        assertThat(dir.resolve("knowledge.sig")).doesNotExist();
    }

    @Test
    void sign_publicKeyGivenForKey_usageErrorExit2NamingTheFile(@TempDir Path dir) {
        PackageFolder.copy(dir);
        SigningKey committee = SigningKey.create(keys, "committee");

        int exit = run("rules", "sign", dir.toString(), "--key", committee.publicPem().toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith(committee.publicPem() + ": not a PEM file with -----BEGIN PRIVATE KEY-----");
        assertThat(Files.exists(dir.resolve("knowledge.sig"))).isFalse();
    }
}
