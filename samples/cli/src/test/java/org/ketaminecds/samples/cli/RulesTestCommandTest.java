package org.ketaminecds.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.rules.PackageFolder;

/** {@code ketamine-cds rules test DIR} on copies of the bundled package. */
class RulesTestCommandTest {

    private static final String AAA = "scenarios/contraindications/KET-CONTRA-001-abdominal-aortic-aneurysm-fires.yaml";
    private static final String NEAR_MISS = "scenarios/contraindications/KET-CONTRA-001-entered-in-error-near-miss.yaml";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return KetamineCds.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void test_copyOfBundledPackage_everyScenarioPassesWithFullCoverage(@TempDir Path dir) {
        PackageFolder.copy(dir);

        int exit = run("rules", "test", dir.toString(), "--require-coverage");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("PASS  " + AAA + "  (abdominal aortic aneurysm is an absolute contraindication)")
                .doesNotContain("FAIL  ", "ERROR ")
                .containsPattern("\\n\\d+ scenarios: \\d+ passed, 0 failed, 0 could not be read\\n")
                .contains("Rules no scenario fires (no 'expect' names them): none")
                .contains("Rules with no near miss (no 'mustNotFire' names them): none");
    }

    @Test
    void test_failingMalformedAndMissingScenarios_exit1WithExpectedVsActualFieldAndCoverage(@TempDir Path dir)
            throws IOException {
        PackageFolder.copy(dir);
        PackageFolder.edit(dir.resolve(AAA), "severity: CRITICAL", "severity: WARNING");
        PackageFolder.edit(dir.resolve(NEAR_MISS), "mode: candidacy\n", "");
        try (Stream<Path> files = Files.list(dir.resolve("scenarios/contraindications"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("KET-CONTRA-002-")).toList()) {
                Files.delete(f);
            }
        }

        int exit = run("rules", "test", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
                .contains("FAIL  " + AAA + "  (abdominal aortic aneurysm is an absolute contraindication)\n"
                        + "        KET-CONTRA-001: expected severity WARNING, got CRITICAL\n"
                        + "        actual: disposition DO_NOT_PROCEED; findings: KET-CONTRA-001 FIRED CRITICAL ABSOLUTE")
                .contains("ERROR " + NEAR_MISS + ": missing 'mode'")
                .containsPattern("\\d+ passed, 1 failed, 1 could not be read")
                .containsPattern("Rules no scenario fires \\(no 'expect' names them\\): .*KET-CONTRA-002");
    }

    @Test
    void test_siteBaseAndBaseMistakes_runsTheSiteBaseAndNamesFileAndProblem(@TempDir Path dir) throws IOException {
        PackageFolder.copy(dir);
        Files.writeString(dir.resolve("scenarios/bases/teen-mdd.yaml"), """
                resourceType: Bundle
                type: collection
                entry:
                - resource: {resourceType: Patient, id: p1, gender: female, birthDate: '2010-05-01'}
                """);
        Files.createDirectories(dir.resolve("scenarios/site"));
        Files.writeString(dir.resolve("scenarios/site/teen-fires.yaml"), """
                name: a site's own base patient, a 15-year-old
                mode: candidacy
                asOf: 2026-03-01T09:00:00Z
                expect: [{ruleId: KET-CAND-006, outcome: FIRED}]
                base: teen-mdd
                """);
        Files.writeString(dir.resolve("scenarios/bases/not-a-bundle.yaml"), "resourceType: Patient\nid: p1\n");
        PackageFolder.edit(dir.resolve(AAA), "base: adult-mdd", "base: adult-md");

        int exit = run("rules", "test", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
                .contains("PASS  scenarios/site/teen-fires.yaml  (a site's own base patient, a 15-year-old)")
                .contains("ERROR " + AAA + ": unknown base 'adult-md' (known: adult-mdd, adult-mdd-esketamine-plan, "
                        + "adult-severe-mdd, not-a-bundle, teen-mdd)")
                .contains("ERROR scenarios/bases/not-a-bundle.yaml: a base must be a FHIR Bundle")
                .doesNotContain("PASS  scenarios/bases/", "Exception");
    }

    @Test
    void test_ruleFilter_runsOnlyTheScenariosNamingThoseRulesWithTheirCoverage(@TempDir Path dir) {
        PackageFolder.copy(dir);
        PackageFolder.edit(dir.resolve(AAA), "severity: CRITICAL", "severity: WARNING");

        int exit = run("rules", "test", dir.toString(), "--rule", "KET-CONTRA-007", "--rule", "KET-MON-020",
                "--require-coverage");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .containsPattern("\\nSelected (\\d+) scenarios naming KET-CONTRA-007, KET-MON-020\\n")
                .contains("PASS  scenarios/contraindications/KET-CONTRA-007-bp-186-over-104-critical.yaml")
                .contains("PASS  scenarios/contraindications/KET-CONTRA-007-bp-exactly-140-over-90-near-miss.yaml")
                .contains("PASS  scenarios/monitoring/KET-MON-020-screening-bp-fires.yaml")
                .contains("PASS  scenarios/monitoring/KET-MON-020-")
                .doesNotContain(AAA, "PASS  scenarios/candidacy/", "FAIL  ")
                .contains("Rules no scenario fires (no 'expect' names them): none")
                .contains("Rules with no near miss (no 'mustNotFire' names them): none");
        String selected = out.toString().replaceAll("(?s).*\\nSelected (\\d+) scenarios.*", "$1");
        assertThat(out.toString()).contains("\n" + selected + " scenarios: " + selected + " passed, 0 failed");
    }

    @Test
    void test_ruleFilterOnAFailingRule_exit1WithItsFailureAndItsCoverageAlone(@TempDir Path dir) {
        PackageFolder.copy(dir);
        PackageFolder.edit(dir.resolve(AAA), "severity: CRITICAL", "severity: WARNING");

        int exit = run("rules", "test", dir.toString(), "--rule", "KET-CONTRA-001");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
                .contains("FAIL  " + AAA + "  (abdominal aortic aneurysm is an absolute contraindication)\n"
                        + "        KET-CONTRA-001: expected severity WARNING, got CRITICAL\n")
                .containsPattern("\\d+ passed, 1 failed, 0 could not be read")
                .doesNotContain("KET-CONTRA-007-", "PASS  scenarios/candidacy/");
    }

    @Test
    void test_ruleThePackageDoesNotHave_usageErrorExit2ListingItsRulesWithThatPrefix(@TempDir Path dir) {
        PackageFolder.copy(dir);

        assertThat(run("rules", "test", dir.toString(), "--rule", "KET-CONTRA-099")).isEqualTo(2);
        assertThat(run("rules", "test", dir.toString(), "--rule", "KET-CONTRA7")).isEqualTo(2);

        assertThat(err.toString())
                .containsPattern("--rule KET-CONTRA-099: the package has no such rule; its KET-CONTRA- rules are "
                        + "KET-CONTRA-001, KET-CONTRA-002, .*KET-CONTRA-007, .*\\n")
                .doesNotContain("KET-CAND-001", "Exception")
                .contains("--rule KET-CONTRA7: the package has no such rule; its rule ids start with KET-CAND-, "
                        + "KET-CONTRA-, KET-MON-, KET-TOL-\n");
        assertThat(out.toString()).doesNotContain("PASS  ");
    }
}
