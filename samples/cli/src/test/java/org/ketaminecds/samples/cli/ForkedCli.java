package org.ketaminecds.samples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ketamine-cds} in a JVM of its own, with a small heap: what a memory limit does cannot be tested in the
 * test JVM's heap without a huge one in CI.
 */
final class ForkedCli {

    /** What the forked command did. */
    record Run(int exit, String out, String err) {
    }

    private ForkedCli() {
    }

    /** {@code java -Xmx<heap> -cp <the test class path> KetamineCds args...}, at most two minutes. */
    static Run run(String heap, Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                KetamineCds.class.getName()));
        command.addAll(List.of(args));
        Path out = workDir.resolve("fork.out");
        Path err = workDir.resolve("fork.err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the forked command did not end within two minutes: " + String.join(" ", args));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
