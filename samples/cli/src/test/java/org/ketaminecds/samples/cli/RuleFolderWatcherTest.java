package org.ketaminecds.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.KnowledgeInfo;
import org.ketaminecds.core.RuleFolderPolicy;
import org.ketaminecds.rules.PackageFolder;

class RuleFolderWatcherTest {

    @Test
    void start_burstOfEditsAndANewSubfolder_actionRunsOncePerSettledBurst(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("scenarios"));
        Semaphore runs = new Semaphore(0);
        try (RuleFolderWatcher watcher = RuleFolderWatcher.start(dir, Duration.ofMillis(300), runs::release)) {
            Files.writeString(dir.resolve("scenarios/a.yaml"), "name: a");
            Files.writeString(dir.resolve("scenarios/a.yaml"), "name: a, edited");
            Files.writeString(dir.resolve("thresholds.yaml"), "X: {value: 1}");

            assertThat(runs.tryAcquire(10, TimeUnit.SECONDS)).as("first burst").isTrue();
            Files.createDirectories(dir.resolve("scenarios/new"));
            assertThat(runs.tryAcquire(10, TimeUnit.SECONDS)).as("the new folder").isTrue();
            Files.writeString(dir.resolve("scenarios/new/b.yaml"), "name: b");

            assertThat(runs.tryAcquire(10, TimeUnit.SECONDS)).as("an edit inside the new folder").isTrue();
            assertThat(runs.tryAcquire(1, TimeUnit.SECONDS)).as("no extra run").isFalse();
        }
    }

    @Test
    void reloading_validThenBrokenEdit_servesTheFirstAndRefusesTheSecond(@TempDir Path dir) throws Exception {
        PackageFolder.copy(dir);
        CdsEngine engine = CdsEngine.builder().build();
        StringWriter log = new StringWriter();
        try (RuleFolderWatcher watcher = RuleFolderWatcher.reloading(engine, dir, RuleFolderPolicy.signatureOptional(),
                new PrintWriter(log, true))) {
            PackageFolder.edit(dir.resolve("manifest.yaml"), "version: 0.1.0", "version: 0.1.1");
            await(() -> engine.knowledge().version().equals("0.1.1"));
            KnowledgeInfo served = engine.knowledge();

            PackageFolder.edit(dir.resolve("monitoring.drl"), "then", "then then");
            // Wait for the problem lines, not the header: the watcher writes the header first.
            await(() -> java.util.regex.Pattern.compile("\\n  monitoring\\.drl:\\d+: ").matcher(log.toString()).find());

            assertThat(engine.knowledge()).isEqualTo(served);
            assertThat(log.toString())
                    .contains("rules: " + dir + " reloaded in ")
                    .contains("; serving " + served.describe() + "\n")
                    .contains("rules: " + dir + " refused; still serving " + served.describe() + ":\n")
                    .containsPattern("\\n  monitoring\\.drl:\\d+: ");
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 120 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
