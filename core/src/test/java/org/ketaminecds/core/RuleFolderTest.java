package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.KnowledgePackageException.Problem;

class RuleFolderTest {

    @TempDir
    Path dir;

    @Test
    void read_packageFilesOnly_sortedByPathWithLinksInsideTheFolderFollowed() throws IOException {
        Files.createDirectories(dir.resolve("valuesets"));
        Files.writeString(dir.resolve("manifest.yaml"), "id: x");
        Files.writeString(dir.resolve("valuesets/VS-A.json"), "{}");
        Files.writeString(dir.resolve("notes.txt"), "not a package file");
        Files.createSymbolicLink(dir.resolve("valuesets/VS-B.json"), dir.resolve("valuesets/VS-A.json"));

        assertThat(RuleFolder.read(dir, RuleFolderPolicy.signatureOptional()))
                .containsOnlyKeys("manifest.yaml", "valuesets/VS-A.json", "valuesets/VS-B.json")
                .hasEntrySatisfying("valuesets/VS-B.json", b -> assertThat(new String(b)).isEqualTo("{}"));
    }

    @Test
    void read_overTheLimits_refusedNamingEachLimitBeforeReading() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "x".repeat(60));
        Files.writeString(dir.resolve("b.yaml"), "x".repeat(60));
        Files.writeString(dir.resolve("c.yaml"), "x".repeat(101));
        Files.createSymbolicLink(dir.resolve("gone.json"), dir.resolve("nowhere.json"));

        KnowledgePackageException e = catchThrowableOfType(KnowledgePackageException.class,
                () -> RuleFolder.read(dir, RuleFolderPolicy.signatureOptional().withLimits(100, 100, 1)));

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "c.yaml: 101 bytes, over the limit of 100 bytes per file",
                "gone.json: a symbolic link to " + dir.resolve("nowhere.json") + ", which does not exist",
                dir + ": 2 package files, over the limit of 1",
                dir + ": the package files add up to 120 bytes, over the limit of 100");
    }
}
