package org.ketaminecds.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.PackageSignature;
import org.ketaminecds.rules.PackageFolder;
import org.ketaminecds.rules.SigningKey;

/** The command as a user runs it, on the example patients shipped beside it. */
class EvaluateCommandTest {

    private static final String AS_OF = "2026-03-01T08:50:00Z";
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return KetamineCds.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void evaluate_eligiblePatient_printsTextReportWithNoConcerns() {
        int exit = run("evaluate", "examples/eligible-trd.json", "--as-of", AS_OF);

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("Patient/eligible-trd")
                .contains("DISPOSITION: NO CONCERNS")
                .contains("product esketamine")
                .containsPattern("\nKnowledge ketamine-cds-rules \\d+\\.\\d+\\.\\d+, sha256 [0-9a-f]{64}, built in\n")
                .contains("Decision support for clinicians");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void evaluate_aneurysmAsJson_doNotProceedWithEvidence() throws IOException {
        int exit = run("evaluate", "examples/aneurysm.json", "--as-of", AS_OF, "--format", "json");

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(exit).isZero();
        assertThat(json.path("disposition").asText()).isEqualTo("DO_NOT_PROCEED");
        assertThat(json.path("product").asText()).isEqualTo("KETAMINE");
        JsonNode finding = json.path("findings").get(0);
        assertThat(finding.path("ruleId").asText()).isEqualTo("KET-CONTRA-001");
        assertThat(finding.path("contraindication").asText()).isEqualTo("ABSOLUTE");
        assertThat(finding.path("evidence").get(0).asText()).isEqualTo("Condition/aaa");
        assertThat(json.path("knowledge").path("sha256").asText()).hasSize(64);
        assertThat(json.path("knowledge").path("source").asText()).isEqualTo("BUILT_IN");
        assertThat(json.path("knowledge").has("signedBy")).isFalse();
    }

    @Test
    void evaluate_dosingDayWithStaleVitals_cannotAssessPreDoseBp() {
        int exit = run("evaluate", "examples/dosing-day-stale-vitals.json", "--mode", "pre-dose", "--as-of", AS_OF);

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("DISPOSITION: REVIEW REQUIRED")
                .contains("CANNOT ASSESS (CRITICAL)  KET-MON-001")
                .contains("no BP within 60 min before T0")
                .contains("Monitoring plan:")
                .contains("BP before dosing due 2026-03-01T08:00:00Z to 2026-03-01T09:00:00Z (KET-MON-001)");
    }

    @Test
    void evaluate_sameInputTwice_sameBytes() {
        run("evaluate", "examples/eligible-trd.json", "examples/aneurysm.json", "--as-of", AS_OF, "--format", "json");
        String first = out.toString();
        out.getBuffer().setLength(0);
        run("evaluate", "examples/eligible-trd.json", "examples/aneurysm.json", "--as-of", AS_OF, "--format", "json");

        assertThat(out.toString()).isEqualTo(first).startsWith("[");
    }

    @Test
    void evaluate_manyFiles_answersInTheFilesOrderAsEachAlone() {
        List<String> examples = List.of("examples/unrecognised-medications.json", "examples/eligible-trd.json",
                "examples/aneurysm.json", "examples/dosing-day-stale-vitals.json");
        StringBuilder alone = new StringBuilder();
        List<String> args = new ArrayList<>(List.of("evaluate", "--as-of", AS_OF));
        for (int round = 0; round < 5; round++) { // files are read and evaluated in parallel: their order must hold
            for (String example : examples) {
                run("evaluate", "--as-of", AS_OF, example);
                alone.append(out);
                out.getBuffer().setLength(0);
                args.add(example);
            }
        }

        int exit = run(args.toArray(String[]::new));

        assertThat(exit).isZero();
        assertThat(out.toString()).isEqualTo(alone.toString());
    }

    @Test
    void evaluate_oneBadFileAmongGoodOnes_exit3NamesFileAndStillAssessesTheOthers(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("broken.json");
        Files.writeString(bad, "{\"resourceType\": \"Bundle\", ", StandardCharsets.UTF_8);

        int exit = run("evaluate", bad.toString(), "examples/aneurysm.json", "--as-of", AS_OF);

        assertThat(exit).isEqualTo(3);
        assertThat(err.toString().lines()).singleElement().satisfies(line -> assertThat(line).startsWith(bad.toString() + ": "));
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.toString()).contains("Patient/aneurysm");
    }

    @Test
    void evaluate_missingFile_exit3NamesIt() {
        int exit = run("evaluate", "examples/no-such-patient.json", "--as-of", AS_OF);

        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).contains("no-such-patient.json");
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // today's reader blocks on a FIFO forever
    void evaluate_fifo_exit3OneLineWithoutWaitingForAWriter(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("record.json");
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo works here");

        int exit = run("evaluate", fifo.toString(), "examples/eligible-trd.json", "--as-of", AS_OF);

        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).isEqualTo(fifo + ": not a regular file (a pipe, socket or device is not read)"
                + System.lineSeparator());
        assertThat(out.toString()).contains("Patient/eligible-trd");
    }

    @Test
    void evaluate_fileOverMaxFileSize_exit3OneLineAndTheOthersAssessed(@TempDir Path dir) throws IOException {
        Path big = Files.writeString(dir.resolve("big.json"), Files.readString(Path.of("examples/aneurysm.json"))
                + " ".repeat(20 << 10));

        int exit = run("evaluate", big.toString(), "examples/eligible-trd.json", "--as-of", AS_OF, "--max-file-size", "20K");

        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).isEqualTo(big + ": the file is " + String.format("%,d", Files.size(big))
                + " bytes, more than the 20,480 bytes one record may have" + System.lineSeparator());
        assertThat(out.toString()).contains("Patient/eligible-trd").doesNotContain("Patient/aneurysm");
    }

    @Test
    void evaluate_fileOverTheDefaultCap_refusedUnread(@TempDir Path dir) throws IOException {
        Path huge = dir.resolve("huge.json");
        try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            sparse.setLength((64L << 20) + 1); // sparse: no 64 MB written
        }

        int exit = run("evaluate", huge.toString(), "--as-of", AS_OF);

        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).isEqualTo(huge + ": the file is 67,108,865 bytes, more than the 67,108,864 bytes one"
                + " record may have" + System.lineSeparator());
    }

    @Test
    void evaluate_badMaxFileSize_usageErrorExit2() {
        assertThat(run("evaluate", "examples/aneurysm.json", "--max-file-size", "lots")).isEqualTo(2);
        assertThat(err.toString()).contains("'lots' is not a size");
    }

    @Test
    void evaluate_outOfMemory_exit4OneLineNoStackTrace(@TempDir Path dir) throws Exception {
        // 40 MB of one record, under the default 64 MB cap, in a 64 MB heap: the JVM runs out while reading it.
        Path record = dir.resolve("large.json");
        try (var w = Files.newBufferedWriter(record)) {
            w.write("{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [{\"resource\":"
                    + " {\"resourceType\": \"Patient\", \"id\": \"p1\"}}");
            String observation = ", {\"resource\": {\"resourceType\": \"Observation\", \"status\": \"final\","
                    + " \"subject\": {\"reference\": \"Patient/p1\"}, \"code\": {\"text\": \"x\"}}}";
            for (long written = 0; written < (40L << 20); written += observation.length()) {
                w.write(observation);
            }
            w.write("]}");
        }

        ForkedCli.Run run = ForkedCli.run("64m", dir, "evaluate", record.toString(), "--as-of", AS_OF);

        assertThat(run.exit()).as(run.err()).isEqualTo(4);
        assertThat(run.err().lines()).singleElement().asString().startsWith("ketamine-cds: out of memory: ");
        assertThat(run.err()).doesNotContain("\tat ", "Exception in thread");
    }

    @Test
    void evaluate_unknownMode_usageErrorExit2() {
        int exit = run("evaluate", "examples/aneurysm.json", "--mode", "predose");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("unknown mode 'predose'");
    }

    @Test
    void evaluate_badAsOf_usageErrorExit2() {
        int exit = run("evaluate", "examples/aneurysm.json", "--as-of", "yesterday");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--as-of").contains("'yesterday' is neither a date-time");
    }

    @Test
    void evaluate_formatCdsHooks_cardsWithCriticalFirst() throws IOException {
        int exit = run("evaluate", "examples/aneurysm.json", "--as-of", AS_OF, "--format", "cds-hooks");

        JsonNode cards = new ObjectMapper().readTree(out.toString()).path("cards");
        assertThat(exit).isZero();
        assertThat(cards.get(0).path("indicator").asText()).isEqualTo("critical");
        assertThat(cards.get(0).path("summary").asText().length()).isLessThan(140);
    }

    @Test
    void evaluate_formatFhir_bundleWithGuidanceResponseFirst() throws IOException {
        int exit = run("evaluate", "examples/aneurysm.json", "--as-of", AS_OF, "--format", "fhir");

        JsonNode bundle = new ObjectMapper().readTree(out.toString());
        assertThat(exit).isZero();
        assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
        assertThat(bundle.path("entry").get(0).path("resource").path("resourceType").asText()).isEqualTo("GuidanceResponse");
        assertThat(out.toString()).contains("\"DetectedIssue\"");
    }

    @Test
    void evaluate_cdsHooksRequestFile_answeredLikeTheService(@TempDir Path dir) throws IOException {
        Path request = dir.resolve("order-sign.json");
        Files.writeString(request, org.ketaminecds.fhir.cdshooks.CdsHooksRequests.fromBundle("ketamine-cds-order-sign",
                Files.readString(Path.of("examples/aneurysm.json")), "h-1", "ketamine-plan"));

        int exit = run("evaluate", request.toString(), "--as-of", AS_OF, "--format", "cds-hooks");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("\"type\":\"delete\"").contains("MedicationRequest/ketamine-plan");
    }

    @Test
    void evaluate_requestWithoutPrefetch_exit3OneLine(@TempDir Path dir) throws IOException {
        Path request = dir.resolve("bare.json");
        Files.writeString(request, "{\"hook\":\"patient-view\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\"p\"}}");

        int exit = run("evaluate", request.toString(), "--format", "cds-hooks");

        assertThat(exit).isEqualTo(3);
        assertThat(err.toString().strip()).startsWith(request + ": prefetch missing for patient").doesNotContain("\n");
    }

    @Test
    void hookOf_topLevelHookAndContextWithoutResourceType_onlyThen() {
        assertThat(EvaluateCommand.Input.hookOf("{\"prefetch\":{\"p\":{\"resourceType\":\"Patient\"}},"
                + "\"context\":{\"patientId\":\"p\"},\"hook\":\"patient-view\"}")).isEqualTo("patient-view");
        assertThat(EvaluateCommand.Input.hookOf("{\"resourceType\":\"Bundle\",\"hook\":\"x\",\"context\":{}}")).isNull();
        assertThat(EvaluateCommand.Input.hookOf("{\"hook\":\"x\",\"context\":{},\"resourceType\":\"Bundle\"}")).isNull();
        assertThat(EvaluateCommand.Input.hookOf("{\"hook\":\"x\",\"entry\":[{\"context\":{}}]}")).isNull();
        assertThat(EvaluateCommand.Input.hookOf("{\"hook\":{\"id\":\"x\"},\"context\":{}}")).isNull();
        assertThat(EvaluateCommand.Input.hookOf("{\"hook\":\"x\",\"context\":{")).isNull();
        assertThat(EvaluateCommand.Input.hookOf("[1]")).isNull();
    }

    @Test
    void evaluate_unknownFormat_usageError() {
        assertThat(run("evaluate", "examples/aneurysm.json", "--format", "xml")).isEqualTo(2);
        assertThat(err.toString()).contains("expected text, json, cds-hooks or fhir");
    }

    @Test
    void serve_authOnWithoutIssuers_refusesToStartWithOneLine() {
        int exit = run("serve", "--port", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no trusted issuers are configured").contains("--no-auth");
    }

    @Test
    void evaluate_withRulesFolder_answersFromThatPackage(@TempDir Path dir) throws IOException {
        PackageFolder.copy(dir);
        PackageFolder.edit(dir.resolve("manifest.yaml"), "version: 0.1.0", "version: 0.2.0");

        int exit = run("evaluate", "examples/aneurysm.json", "--as-of", AS_OF, "--format", "json", "--rules", dir.toString());

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(exit).isZero();
        assertThat(json.path("knowledge").path("version").asText()).isEqualTo("0.2.0");
        assertThat(json.path("knowledge").path("source").asText()).as("an author's tool: no signature needed")
                .isEqualTo("UNSIGNED_FOLDER");
        assertThat(json.path("disposition").asText()).isEqualTo("DO_NOT_PROCEED");
    }

    @Test
    void evaluate_rulesFolderWithSyntaxError_exit1FileAndLineOnStderr(@TempDir Path dir) {
        PackageFolder.copy(dir);
        Path drl = dir.resolve("candidacy.drl");
        int line = PackageFolder.lineOf(drl, "Person( ageKnown, ageYears < ");
        PackageFolder.edit(drl, "Person( ageKnown, ageYears < ", "Person( ageKnown ageYears < ");

        int exit = run("evaluate", "examples/aneurysm.json", "--as-of", AS_OF, "--rules", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith(drl + ":" + line + ": ").doesNotContain("Exception", "\tat ");
    }

    @Test
    void serve_rulesFolderWithSyntaxError_exit1FileAndLineBeforeListening(@TempDir Path dir) {
        PackageFolder.copy(dir);
        Path drl = dir.resolve("candidacy.drl");
        int line = PackageFolder.lineOf(drl, "Person( ageKnown, ageYears < ");
        PackageFolder.edit(drl, "Person( ageKnown, ageYears < ", "Person( ageKnown ageYears < ");

        int exit = run("serve", "--port", "0", "--no-auth", "--rules", dir.toString(), "--allow-unsigned", "--feedback",
                dir.resolve("feedback.jsonl").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains(drl + ":" + line + ": ").doesNotContain("\tat ");
        assertThat(out.toString()).doesNotContain("listening");
    }

    @Test
    void evaluate_unrecognisedMedications_gapsInJsonAndTheirOwnSectionInText() throws IOException {
        int exit = run("evaluate", "examples/unrecognised-medications.json", "--as-of", AS_OF, "--format", "json");

        JsonNode gaps = new ObjectMapper().readTree(out.toString()).path("dataGaps");
        assertThat(exit).isZero();
        List<JsonNode> medications = new java.util.ArrayList<>();
        gaps.forEach(g -> {
            if (g.path("input").asText().equals("medication code")) {
                medications.add(g);
            }
        });
        assertThat(medications).hasSize(3).allSatisfy(g -> assertThat(g.path("ruleId").asText()).isEqualTo("KET-MON-020"));
        assertThat(medications).extracting(g -> g.path("reason").asText()).contains("MedicationStatement/alprazolam-formulary "
                + "'ALPRAZOLAM 0.5MG TAB' [urn:oid:2.16.840.1.113883.3.1234.1|ALP05]: no RxNorm or NDC code; looks like "
                + "alprazolam (VS-BENZODIAZEPINES); map urn:oid:2.16.840.1.113883.3.1234.1|ALP05 to "
                + "http://www.nlm.nih.gov/research/umls/rxnorm|596 (alprazolam)");

        out.getBuffer().setLength(0);
        run("evaluate", "examples/unrecognised-medications.json", "--as-of", AS_OF);

        assertThat(out.toString()).contains("Medications not recognised by their codes (no rule counted them; map the codes):")
                .contains("- MedicationStatement/rinse 'CHLORHEXIDINE 0.12% ORAL RINSE'");
    }

    @Test
    void serve_rulesFolderWithoutATrustedKey_usageErrorExit2(@TempDir Path dir) {
        PackageFolder.copy(dir);

        int exit = run("serve", "--port", "0", "--no-auth", "--rules", dir.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("ketamine-cds serve: --rules loads only a folder signed by a trusted key: "
                + "give the signer's public key (--trusted-key PEM, or rules.trustedKeys in --config), or "
                + "--allow-unsigned for a test server\n");
    }

    @Test
    void serve_trustedKeyFromTheConfig_folderSignedByAnotherKeyRefused(@TempDir Path dir, @TempDir Path keys)
            throws IOException {
        PackageFolder.copy(dir);
        SigningKey committee = SigningKey.create(keys, "committee");
        SigningKey stranger = SigningKey.create(keys, "stranger");
        KnowledgePackage.sign(dir, PackageSignature.readPrivateKey(stranger.privatePem()));
        Path config = Files.writeString(keys.resolve("server.yaml"),
                "rules:\n  trustedKeys: [" + committee.publicPem() + "]\n  maxFileBytes: 1000000\n");

        int exit = run("serve", "--port", "0", "--no-auth", "--config", config.toString(), "--rules", dir.toString(),
                "--feedback", dir.resolve("feedback.jsonl").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).endsWith("\n" + dir.resolve("knowledge.sig") + ": this host loads only rule "
                + "folders signed by a trusted key: signed by " + stranger.keyId() + ", which is not a trusted key\n");
    }

    @Test
    void serve_unsignedRulesFolder_exit1BeforeListeningAndBeforeReadingItsRules(@TempDir Path dir, @TempDir Path keys) {
        PackageFolder.copy(dir);
        PackageFolder.edit(dir.resolve("candidacy.drl"), "then", "then System.exit(0);");
        SigningKey committee = SigningKey.create(keys, "committee");

        int exit = run("serve", "--port", "0", "--no-auth", "--rules", dir.toString(), "--trusted-key",
                committee.publicPem().toString(), "--feedback", dir.resolve("feedback.jsonl").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).endsWith("\n" + dir.resolve("knowledge.sig") + ": this host loads only rule "
                + "folders signed by a trusted key: not signed (no knowledge.sig)\n");
        assertThat(out.toString()).doesNotContain("listening");
    }
}
