package org.ketaminecds.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.fhir.bulk.BulkExportFixture;
import org.ketaminecds.fhir.bulk.ScreenResult;
import org.ketaminecds.rules.PackageFolder;

/** {@code ketamine-cds screen} as a user runs it, on a Bulk export made from the shared Synthea data. */
class ScreenCommandTest {

    private static final String AS_OF = "2025-06-01";
    /** The fixture's youngest adult: born 2000-05-21, 25 on AS_OF. */
    private static final String TWENTY_FIVE = "Patient/86cecbcd-fe44-b20c-4bf3-f88a4b810490";

    @TempDir
    static Path shared;
    @TempDir
    Path temp;
    private static BulkExportFixture.Export export;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void writeExport() {
        export = BulkExportFixture.of(BulkExportFixture.testBundles()).writeTo(shared.resolve("export"));
    }

    private int run(String... args) {
        return KetamineCds.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void screen_export_writesResultsAndSummaryAndPrintsCounts() throws IOException {
        Path dir = temp.resolve("out");

        int exit = run("screen", export.dir().toString(), "--out", dir.toString(), "--as-of", AS_OF, "--threads", "2");

        assertThat(exit).isZero();
        assertThat(err.toString()).isEmpty(); // not a terminal: no progress bar
        assertThat(Files.readAllLines(dir.resolve("results.ndjson")).stream().map(ScreenResult::fromJson)
                .map(ScreenResult::patient)).containsExactlyElementsOf(export.patients());
        assertThat(Files.readString(dir.resolve("summary.json")))
                .contains("\"mode\" : \"CANDIDACY\"", "\"asOf\" : \"2025-06-01T00:00:00Z\"", "\"patients\" : 6");
        assertThat(out.toString())
                .startsWith("Screened 6 patients (candidacy mode, as of 2025-06-01T00:00:00Z) in ")
                .contains("with 2 threads", "NO_CONCERNS", dir.resolve("results.ndjson").toString())
                .doesNotContain("Patient/");
    }

    @Test
    void screen_oneThreadAndTwoThreads_identicalResults() throws IOException {
        run("screen", export.dir().toString(), "--out", temp.resolve("1").toString(), "--as-of", AS_OF, "--threads", "1");
        run("screen", export.dir().toString(), "--out", temp.resolve("2").toString(), "--as-of", AS_OF, "--threads", "2");

        assertThat(Files.readAllBytes(temp.resolve("1").resolve("results.ndjson")))
                .isEqualTo(Files.readAllBytes(temp.resolve("2").resolve("results.ndjson")));
    }

    @Test
    void screen_malformedLine_fileAndLineOnStderrAndTheRestScreened() throws IOException {
        BulkExportFixture.Export copy = BulkExportFixture.of(BulkExportFixture.testBundles()).writeTo(temp.resolve("e"));
        Path conditions = copy.dir().resolve("Condition.ndjson");
        long lines = Files.readAllLines(conditions).size();
        Files.writeString(conditions, "not json at all\n", StandardOpenOption.APPEND);

        int exit = run("screen", copy.dir().toString(), "--out", temp.resolve("out").toString(), "--as-of", AS_OF);

        assertThat(exit).isZero();
        assertThat(err.toString()).isEqualTo(conditions + ":" + (lines + 1)
                + ": not valid JSON at column 1: Unrecognized token '...': was expecting (JSON String, Number, Array,"
                + " Object or token 'null', 'true' or 'false')" + System.lineSeparator());
        assertThat(out.toString()).contains("Screened 6 patients").contains("1 malformed line skipped");
    }

    @Test
    void screen_patientsOverMaxPatientResources_errorLinesAndExit0() throws IOException {
        Path dir = temp.resolve("out");

        int exit = run("screen", export.dir().toString(), "--out", dir.toString(), "--as-of", AS_OF,
                "--max-patient-resources", "1");

        assertThat(exit).isZero();
        assertThat(Files.readAllLines(dir.resolve("results.ndjson")).stream().map(ScreenResult::fromJson))
                .hasSize(export.patients().size())
                .allSatisfy(r -> assertThat(r.error()).startsWith("too large to screen: ")
                        .contains("over the per-patient cap of 1 resources or 33.6 MB"));
    }

    @Test
    void screen_badPatientCaps_usageErrorExit2() {
        assertThat(run("screen", export.dir().toString(), "--out", temp.toString(), "--max-patient-resources", "0"))
                .isEqualTo(2);
        assertThat(run("screen", export.dir().toString(), "--out", temp.toString(), "--max-patient-size", "-3"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--max-patient-resources must be at least 1, not 0", "'-3' is not a size");
    }

    @Test
    void screen_onePatientWithAHundredThousandObservationsInASmallHeap_errorLineForThemAndTheOthersScreened()
            throws Exception {
        BulkExportFixture.Export copy = BulkExportFixture.of(BulkExportFixture.testBundles()).writeTo(temp.resolve("e"));
        String big = export.patients().get(0);
        try (var w = Files.newBufferedWriter(copy.dir().resolve("Observation.ndjson"), StandardOpenOption.APPEND)) {
            for (int i = 0; i < 100_000; i++) {
                w.write("{\"resourceType\":\"Observation\",\"id\":\"hr-" + i + "\",\"status\":\"final\","
                        + "\"subject\":{\"reference\":\"" + big + "\"},\"effectiveDateTime\":\"2025-05-01T08:00:00Z\","
                        + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8867-4\"}]},"
                        + "\"valueQuantity\":{\"value\":72,\"code\":\"/min\"}}\n");
            }
        }
        Path dir = temp.resolve("out");

        ForkedCli.Run run = ForkedCli.run("128m", temp, "screen", copy.dir().toString(), "--out", dir.toString(),
                "--as-of", AS_OF, "--threads", "2");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("results.ndjson")).stream().map(ScreenResult::fromJson).toList())
                .hasSize(export.patients().size())
                .allSatisfy(r -> {
                    if (r.patient().equals(big)) {
                        assertThat(r.error()).startsWith("too large to screen: ")
                                .contains("over the per-patient cap of 50000 resources");
                    } else {
                        assertThat(r.assessed()).isTrue();
                    }
                });
    }

    @Test
    void screen_missingFolder_exit3NamingIt() {
        Path missing = temp.resolve("nothing-here");

        int exit = run("screen", missing.toString(), "--out", temp.resolve("out").toString());

        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).isEqualTo(missing + ": the folder does not exist" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void screen_brokenGzip_exit3NamingTheFileWithoutStackTrace() throws IOException {
        BulkExportFixture.Export gz = BulkExportFixture.of(BulkExportFixture.testBundles()).gzip(true)
                .writeTo(temp.resolve("gz"));
        Path patients = gz.dir().resolve("Patient.ndjson.gz");
        byte[] bytes = Files.readAllBytes(patients);
        Files.write(patients, Arrays.copyOf(bytes, bytes.length - 12));

        int exit = run("screen", gz.dir().toString(), "--out", temp.resolve("out").toString(), "--as-of", AS_OF);

        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).startsWith(patients + ": broken gzip data").doesNotContain("\tat ");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void screen_outIsAFile_exit1SayingSoWithoutScreening() throws IOException {
        Path file = Files.writeString(temp.resolve("out.txt"), "x");

        int exit = run("screen", export.dir().toString(), "--out", file.toString(), "--as-of", AS_OF);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("ketamine-cds: cannot write the results (to " + file)
                .endsWith("): " + file + " exists and is not a folder" + System.lineSeparator());
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void screen_withoutOut_usageErrorExit2() {
        assertThat(run("screen", export.dir().toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--out=DIR'");
    }

    @Test
    void screen_zeroThreads_usageErrorExit2() {
        assertThat(run("screen", export.dir().toString(), "--out", temp.toString(), "--threads", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--threads must be at least 1, not 0");
    }

    @Test
    void screen_unknownMode_usageErrorExit2() {
        assertThat(run("screen", export.dir().toString(), "--out", temp.toString(), "--mode", "daily")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown mode 'daily'");
    }

    @Test
    void screen_compareWithAdultAgeRaisedTo26_theTwentyFiveYearOldNowUnderAgeInOutputAndJson() throws IOException {
        Path edited = PackageFolder.copy(temp.resolve("edited"));
        PackageFolder.edit(edited.resolve("thresholds.yaml"), "ADULT_AGE:                { value: 18,",
                "ADULT_AGE:                { value: 26,");
        Path dir = temp.resolve("out");

        int exit = run("screen", export.dir().toString(), "--out", dir.toString(), "--as-of", AS_OF,
                "--compare", edited.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Before: the prebuilt package", "After: " + edited,
                "1 of 6 patients changed outcome.",
                "  before \\ after   REVIEW_REQUIRED  INCOMPLETE" + System.lineSeparator()
                        + "  REVIEW_REQUIRED                1           0" + System.lineSeparator()
                        + "  INCOMPLETE                     1           4",
                "KET-CAND-006: 1 patient changed" + System.lineSeparator()
                        + "  absent -> FIRED CRITICAL: 1 (" + TWENTY_FIVE + ")",
                dir.resolve("compare.json").toString());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("compare.json").toFile());
        assertThat(json.path("patients").asInt()).isEqualTo(6);
        assertThat(json.path("changedPatients").asInt()).isEqualTo(1);
        assertThat(json.at("/dispositions/INCOMPLETE/REVIEW_REQUIRED").asInt()).isEqualTo(1);
        assertThat(json.path("rules").size()).isEqualTo(1);
        JsonNode change = json.at("/rules/KET-CAND-006/changes/0");
        assertThat(change.path("before").asText()).isEqualTo("absent");
        assertThat(change.path("after").asText()).isEqualTo("FIRED CRITICAL");
        assertThat(change.path("patients").toString()).isEqualTo("[\"" + TWENTY_FIVE + "\"]");
        assertThat(Files.readAllLines(dir.resolve("before").resolve("results.ndjson"))).hasSize(6);
        assertThat(Files.readAllLines(dir.resolve("after").resolve("results.ndjson"))).hasSize(6);
    }

    @Test
    void screen_compareWithBrokenFolder_exit1NamingTheFileBeforeScreening() {
        Path edited = PackageFolder.copy(temp.resolve("edited"));
        Path drl = edited.resolve("candidacy.drl");
        int line = PackageFolder.lineOf(drl, "Person( ageKnown, ageYears < ");
        PackageFolder.edit(drl, "Person( ageKnown, ageYears < ", "Person( ageKnown ageYears < ");

        int exit = run("screen", export.dir().toString(), "--out", temp.resolve("out").toString(), "--as-of", AS_OF,
                "--compare", edited.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith(drl + ":" + line + ":");
        assertThat(temp.resolve("out")).doesNotExist();
    }

    @Test
    void screenHelp_documentsCompare() {
        assertThat(run("screen", "--help")).isZero();
        assertThat(out.toString()).contains("--compare=RULES_DIR", "OUT/compare.json", "disposition shift");
    }
}
