package org.ketaminecds.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
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

    /**
     * Every command's classes are in the packaged jar's class path, not only in the tests' (whose class path has the
     * test-scoped jars too): serve, the command that needs the most libraries, starts and listens from the jar.
     */
    @Test
    void serve_packagedJar_startsAndListens(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("serve.out");
        Path config = Files.writeString(dir.resolve("serve.yaml"), "issuers:\n  - iss: https://ehr.example.org\n    jwks: "
                + new JWKSet(new RSAKeyGenerator(2048).keyID("k1").generate().toPublicJWK()) + "\n");
        Process p = new ProcessBuilder(Path.of(JAVA_HOME, "bin", "java").toString(), "-jar", "target/ketamine-cds.jar",
                "serve", "--port", "0", "--config", config.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            for (int i = 0; i < 600 && p.isAlive() && !Files.readString(out).contains("listening on"); i++) {
                Thread.sleep(200);
            }
            assertThat(Files.readString(out)).as("serve from the packaged jar").contains("listening on")
                    .doesNotContain("NoClassDefFoundError");
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
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
