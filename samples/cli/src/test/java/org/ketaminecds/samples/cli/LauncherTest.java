package org.ketaminecds.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/ketamine-cds} as a user runs it after {@code package}: the same answer as {@code java -jar}, with the
 * classes taken from the class-data-sharing archive that package made. Runs after package (the surefire execution
 * "launcher" in this module's pom), since it needs the jar and the archive.
 */
class LauncherTest {

    private static final String[] EVALUATE = {"evaluate", "--as-of", "2026-03-01T08:50:00Z", "examples/eligible-trd.json"};
    private static final String JAVA_HOME = System.getProperty("java.home");

    @Test
    void evaluate_launcher_answersAsJavaJarDoes_classesFromTheArchive(@TempDir Path dir) throws Exception {
        Path classLoading = dir.resolve("class-load.log");
        List<String> launcher = new ArrayList<>(List.of("bin/ketamine-cds"));
        launcher.addAll(List.of(EVALUATE));
        List<String> javaJar = new ArrayList<>(List.of(Path.of(JAVA_HOME, "bin", "java").toString(), "-jar",
                "target/ketamine-cds.jar"));
        javaJar.addAll(List.of(EVALUATE));

        String fast = run(launcher, "-Xlog:class+load=info:file=" + classLoading, dir.resolve("launcher.out"));
        String plain = run(javaJar, "", dir.resolve("java-jar.out"));

        assertThat(fast).isEqualTo(plain).contains("Patient/eligible-trd");
        assertThat(Files.readString(classLoading))
                .contains(KetamineCds.class.getName() + " source: shared objects file")
                .contains(EvaluateCommand.class.getName() + " source: shared objects file");
    }

    /** Runs the command from the module's folder, with this JDK; returns its output after checking it exited 0. */
    private static String run(List<String> command, String javaOpts, Path out) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("JAVA_HOME", JAVA_HOME);
        builder.environment().put("JAVA_OPTS", javaOpts);
        Process p = builder.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("did not end within two minutes: " + command);
        }
        assertThat(p.exitValue()).as("exit of %s", command).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
