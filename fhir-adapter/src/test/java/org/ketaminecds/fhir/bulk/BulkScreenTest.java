package org.ketaminecds.fhir.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.Disposition;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.FhirRecordReader;

class BulkScreenTest {

    private static final Instant AS_OF = Instant.parse("2025-06-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    @TempDir
    Path temp;

    private static CdsEngine engine;
    private static PopulationScreen screen;
    private static BulkExportFixture.Export export;
    /** The test export screened with the defaults: what every variation must reproduce byte for byte. */
    private static String baselineResults;
    private static ScreenSummary baselineSummary;
    private static String baselineSummaryJson;

    @BeforeAll
    static void screenTheTestExport() throws Exception {
        engine = CdsEngine.builder().build();
        screen = PopulationScreen.of(engine, Mode.CANDIDACY, AS_OF);
        export = BulkExportFixture.of(BulkExportFixture.testBundles()).writeTo(shared.resolve("export"));
        Path out = shared.resolve("baseline");
        baselineSummary = BulkScreen.builder(screen).build().run(export.dir(), out);
        baselineResults = Files.readString(out.resolve(BulkScreen.RESULTS_FILE));
        baselineSummaryJson = Files.readString(out.resolve(BulkScreen.SUMMARY_FILE));
    }

    @Test
    void run_testExport_oneResultPerPatientSortedByPatient() {
        List<ScreenResult> results = results(baselineResults);

        assertThat(results).extracting(ScreenResult::patient).containsExactlyElementsOf(export.patients());
        assertThat(results).allSatisfy(r -> assertThat(r.assessed()).isTrue());
        assertThat(baselineResults).endsWith("}\n");
        assertThat(baselineSummary.patients()).isEqualTo(6);
        assertThat(baselineSummary.assessed()).isEqualTo(6);
        assertThat(baselineSummary.input().resources()).isEqualTo(export.lines());
        assertThat(baselineSummary.input().malformedLines()).isZero();
    }

    @Test
    void run_testExport_resultsAgreeWithEvaluatingEachBundle() throws Exception {
        FhirRecordReader reader = FhirRecordReader.create();
        for (ScreenResult result : results(baselineResults)) {
            Assessment direct = engine.evaluate(reader.read(export.bundleOf(result.patient())),
                    EvaluationContext.of(Mode.CANDIDACY, AS_OF));

            assertThat(result.disposition()).as(result.patient()).isEqualTo(direct.disposition());
            assertThat(result.findings()).as(result.patient())
                    .isEqualTo(direct.findings().stream().map(ScreenFinding::of).toList());
        }
        assertThat(results(baselineResults)).extracting(ScreenResult::findings).allSatisfy(f -> assertThat(f).isNotEmpty());
    }

    @Test
    void run_testExport_summaryCountsEveryResult() {
        List<ScreenResult> results = results(baselineResults);

        assertThat(baselineSummary.dispositions().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6);
        for (Disposition d : Disposition.values()) {
            assertThat(baselineSummary.dispositions().get(d))
                    .isEqualTo(results.stream().filter(r -> r.disposition() == d).count());
        }
        long findings = results.stream().mapToLong(r -> r.findings().size()).sum();
        assertThat(baselineSummary.rules().values().stream().flatMap(m -> m.values().stream())
                .mapToLong(Long::longValue).sum()).isEqualTo(findings);
        assertThat(baselineSummaryJson).contains("\"patients\" : 6").contains("\"sha256\" :");
    }

    @Test
    void run_sharedResources_keptForReferencesOthersDropped() {
        // Synthea's Medications and the SMART sample's Organizations name no patient; its Practitioners are dropped.
        assertThat(baselineSummary.input().sharedResources()).isPositive();
        assertThat(baselineSummary.input().droppedResources()).isPositive();
    }

    @Test
    void run_oneThreadAndTwoThreads_identicalBytes() throws Exception {
        Path one = temp.resolve("one");
        Path two = temp.resolve("two");

        ScreenSummary s1 = BulkScreen.builder(screen).threads(1).build().run(export.dir(), one);
        ScreenSummary s2 = BulkScreen.builder(screen).threads(2).build().run(export.dir(), two);

        assertThat(s1.run().threads()).isEqualTo(1);
        assertThat(s2.run().threads()).isEqualTo(2);
        assertThat(Files.readAllBytes(one.resolve(BulkScreen.RESULTS_FILE)))
                .isEqualTo(Files.readAllBytes(two.resolve(BulkScreen.RESULTS_FILE)))
                .isEqualTo(baselineResults.getBytes(StandardCharsets.UTF_8));
        assertThat(withoutRun(one)).isEqualTo(withoutRun(two));
    }

    @Test
    void run_tinyMemoryBudgets_manyPartitionsAndRunsSameBytes() throws Exception {
        Path out = temp.resolve("out");

        ScreenSummary summary = BulkScreen.builder(screen).threads(2).partitionBytes(64 * 1024).resultBytes(1)
                .build().run(export.dir(), out);

        assertThat(summary.run().partitions()).isGreaterThan(1);
        assertThat(Files.readString(out.resolve(BulkScreen.RESULTS_FILE))).isEqualTo(baselineResults);
        assertThat(withoutRun(out)).isEqualTo(withoutRun(shared.resolve("baseline")));
    }

    @Test
    void run_gzipAndSplitFilesWithoutManifest_sameResults() throws Exception {
        BulkExportFixture.Export gz = BulkExportFixture.of(BulkExportFixture.testBundles())
                .gzip(true).linesPerFile(300).manifest(false).writeTo(temp.resolve("gz"));
        Path out = temp.resolve("out");

        ScreenSummary summary = BulkScreen.builder(screen).build().run(gz.dir(), out);

        assertThat(gz.files()).extracting(p -> p.getFileName().toString()).contains("Observation-2.ndjson.gz")
                .allMatch(n -> n.endsWith(".ndjson.gz"));
        assertThat(Files.exists(gz.dir().resolve("manifest.json"))).isFalse();
        assertThat(summary.input().files()).isEqualTo(gz.files().size());
        assertThat(summary.input().bytes()).isLessThan(summary.input().ndjsonBytes() / 4);
        assertThat(Files.readString(out.resolve(BulkScreen.RESULTS_FILE))).isEqualTo(baselineResults);
    }

    @Test
    void run_manifestPresent_onlyTheFilesItListsAreRead() throws Exception {
        BulkExportFixture.Export copy = BulkExportFixture.of(BulkExportFixture.testBundles()).writeTo(temp.resolve("e"));
        Files.writeString(copy.dir().resolve("Stray.ndjson"), "{\"resourceType\":\"Patient\",\"id\":\"stray\"}\n");

        ScreenSummary withManifest = BulkScreen.builder(screen).build().run(copy.dir(), temp.resolve("a"));
        Files.move(copy.dir().resolve("manifest.json"), copy.dir().resolve("status.json"));
        ScreenSummary otherName = BulkScreen.builder(screen).build().run(copy.dir(), temp.resolve("b"));
        Files.delete(copy.dir().resolve("status.json"));
        ScreenSummary withoutManifest = BulkScreen.builder(screen).build().run(copy.dir(), temp.resolve("c"));

        assertThat(withManifest.patients()).isEqualTo(6);
        assertThat(otherName.patients()).isEqualTo(6);
        assertThat(withoutManifest.patients()).isEqualTo(7);
        assertThat(Files.readString(temp.resolve("c").resolve(BulkScreen.RESULTS_FILE))).contains("\"Patient/stray\"");
    }

    @Test
    void run_malformedLines_reportedWithFileAndLineAndSkipped() throws Exception {
        BulkExportFixture.Export copy = BulkExportFixture.of(BulkExportFixture.testBundles()).writeTo(temp.resolve("e"));
        Path observations = copy.dir().resolve("Observation.ndjson");
        editLines(observations, lines -> {
            lines.add(1, "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/x\"}");
            lines.add(3, "");
            lines.add(4, "{\"subject\":{\"reference\":\"Patient/x\"}}");
            return lines;
        });
        List<LineProblem> problems = new ArrayList<>();
        Path out = temp.resolve("out");

        ScreenSummary summary = BulkScreen.builder(screen).onProblem(problems::add).build().run(copy.dir(), out);

        assertThat(problems).extracting(LineProblem::toString).containsExactly(
                observations + ":2: not valid JSON at column 66: Unexpected end-of-input: expected close marker for Object",
                observations + ":5: not a FHIR resource (no resourceType)");
        assertThat(summary.input().malformedLines()).isEqualTo(2);
        assertThat(Files.readString(out.resolve(BulkScreen.RESULTS_FILE))).isEqualTo(baselineResults);
    }

    @Test
    void groups_manyFilesReadInParallel_sameGroupsAsReadingEachLineInOrder() throws Exception {
        BulkExportFixture.Export copy = BulkExportFixture.of(BulkExportFixture.testBundles()).linesPerFile(40)
                .gzip(true).writeTo(temp.resolve("e"));
        List<Path> files = copy.files();
        // malformed lines, a blank line and a too long one in several files; lines of one patient in every file
        for (int i = 0; i < files.size(); i += 3) {
            Path f = files.get(i);
            List<String> lines = new ArrayList<>(List.of(new String(new java.util.zip.GZIPInputStream(
                    Files.newInputStream(f)).readAllBytes(), StandardCharsets.UTF_8).split("\n")));
            lines.add(Math.min(5, lines.size()), "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/x\"}");
            lines.add(Math.min(2, lines.size()), "");
            lines.add(Math.min(1, lines.size()), "{\"resourceType\":\"Observation\",\"id\":\"" + "y".repeat(3000) + "\"}");
            lines.add("{\"resourceType\":\"Observation\",\"id\":\"extra-" + i + "\",\"subject\":{\"reference\":\""
                    + export.patients().get(i % export.patients().size()) + "\"}}");
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(f))) {
                out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        Map<String, List<String>> expected = new java.util.TreeMap<>();
        List<String> expectedProblems = new ArrayList<>();
        for (ExportFolder.ExportFile f : ExportFolder.files(copy.dir())) {
            List<String> lines = List.of(new String(new java.util.zip.GZIPInputStream(Files.newInputStream(f.path()))
                    .readAllBytes(), StandardCharsets.UTF_8).split("\n"));
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n);
                if (line.length() > 2000) {
                    expectedProblems.add(f.name() + ":" + (n + 1) + ": longer than 2000 characters; skipped");
                } else if (!line.isBlank()) {
                    try {
                        String patient = PopulationScreen.patientOf(line);
                        if (patient != null) {
                            expected.computeIfAbsent(patient, k -> new ArrayList<>()).add(line);
                        }
                    } catch (MalformedLineException e) {
                        expectedProblems.add(f.name() + ":" + (n + 1) + ": " + e.getMessage());
                    }
                }
            }
        }
        assertThat(files).hasSizeGreaterThan(20);
        assertThat(expectedProblems).hasSizeGreaterThan(10);

        for (int threads : new int[] {1, 2, 5}) {
            List<LineProblem> problems = new CopyOnWriteArrayList<>();
            Map<String, List<String>> groups = BulkScreen.builder(screen).threads(threads).partitionBytes(4096)
                    .maxLineChars(2000).onProblem(problems::add).tempDir(temp).build().groups(copy.dir());

            assertThat(groups).as("threads " + threads).isEqualTo(expected);
            assertThat(problems).extracting(LineProblem::toString).as("threads " + threads)
                    .containsExactlyInAnyOrderElementsOf(expectedProblems);
        }
    }

    @Test
    void run_tooLongLine_reportedAndSkipped() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("e"));
        Files.writeString(dir.resolve("Patient.ndjson"), "{\"resourceType\":\"Patient\",\"id\":\"p1\"}\n"
                + "{\"resourceType\":\"Patient\",\"id\":\"p2\",\"text\":{\"div\":\"" + "x".repeat(5000) + "\"}}\n"
                + "{\"resourceType\":\"Patient\",\"id\":\"p3\"}\n");
        List<LineProblem> problems = new ArrayList<>();

        ScreenSummary summary = BulkScreen.builder(screen).maxLineChars(1000).onProblem(problems::add).build()
                .run(dir, temp.resolve("out"));

        assertThat(problems).extracting(LineProblem::toString)
                .containsExactly(dir.resolve("Patient.ndjson") + ":2: longer than 1000 characters; skipped");
        assertThat(summary.patients()).isEqualTo(2);
    }

    @Test
    void run_resourcesOfAPatientWithoutPatientResource_errorResult() throws Exception {
        BulkExportFixture.Export copy = BulkExportFixture.of(BulkExportFixture.testBundles()).writeTo(temp.resolve("e"));
        Files.writeString(copy.dir().resolve("Condition.ndjson"), "{\"resourceType\":\"Condition\",\"id\":\"c9\","
                + "\"subject\":{\"reference\":\"Patient/ghost\"}}\n", java.nio.file.StandardOpenOption.APPEND);
        Path out = temp.resolve("out");

        ScreenSummary summary = BulkScreen.builder(screen).build().run(copy.dir(), out);

        assertThat(summary.patients()).isEqualTo(7);
        assertThat(summary.unusable()).isEqualTo(1);
        assertThat(results(Files.readString(out.resolve(BulkScreen.RESULTS_FILE))))
                .filteredOn(r -> r.patient().equals("Patient/ghost")).singleElement()
                .satisfies(r -> assertThat(r.error()).isEqualTo("the resources have no Patient"));
    }

    @Test
    void run_onePatientOverTheCap_errorLineForThemAndTheOthersScreened() throws Exception {
        BulkExportFixture.Export copy = BulkExportFixture.of(BulkExportFixture.testBundles()).writeTo(temp.resolve("e"));
        String big = export.patients().get(0);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            many.append("{\"resourceType\":\"Observation\",\"id\":\"extra-").append(i)
                    .append("\",\"subject\":{\"reference\":\"").append(big).append("\"}}\n");
        }
        Files.writeString(copy.dir().resolve("Observation.ndjson"), many, java.nio.file.StandardOpenOption.APPEND);
        Path out = temp.resolve("out");

        ScreenSummary summary = BulkScreen.builder(screen.withPatientCap(3_000, 64L << 20)).partitionBytes(4096).build()
                .run(copy.dir(), out);

        List<ScreenResult> results = results(Files.readString(out.resolve(BulkScreen.RESULTS_FILE)));
        assertThat(results).extracting(ScreenResult::patient).containsExactlyElementsOf(export.patients());
        assertThat(results).filteredOn(r -> r.patient().equals(big)).singleElement().satisfies(r ->
                assertThat(r.error()).startsWith("too large to screen: ").contains("over the per-patient cap of 3000"));
        assertThat(results).filteredOn(r -> !r.patient().equals(big)).allSatisfy(r -> assertThat(r.assessed()).isTrue());
        assertThat(summary.unusable()).isEqualTo(1);
    }

    @Test
    void load_partitionWithAPatientOverTheCap_holdsNoneOfTheirLines() throws Exception {
        Spill.Batch batch = new Spill.Batch();
        byte[] small = "{\"resourceType\":\"Patient\",\"id\":\"small\"}".getBytes(StandardCharsets.UTF_8);
        batch.add(0, "small", 1, small, 0, small.length);
        byte[] big = "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/big\"}}"
                .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 50_000; i++) {
            batch.add(0, "big", 2 + i, big, 0, big.length);
        }
        Path file;
        try (Spill spill = new Spill(temp, "p", 1, 0)) {
            spill.add(batch);
            file = spill.finish().get(0).file();
        }

        Map<String, PatientLines> loaded = Spill.load(file, screen.withPatientCap(100, 1 << 20));

        assertThat(loaded.get("big").overCap()).isTrue();
        assertThat(loaded.get("big").lines()).isEmpty();
        assertThat(loaded.get("big").resources()).isEqualTo(50_000);
        assertThat(loaded.get("small").lines()).hasSize(1);
    }

    @Test
    void run_missingFolder_throwsNamingIt() {
        Path missing = temp.resolve("no-such-export");

        assertThatThrownBy(() -> BulkScreen.builder(screen).build().run(missing, temp.resolve("out")))
                .isInstanceOf(UnreadableExportException.class)
                .hasMessage(missing + ": the folder does not exist");
    }

    @Test
    void run_folderWithoutNdjson_throwsSayingSo() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "nothing");

        assertThatThrownBy(() -> BulkScreen.builder(screen).build().run(empty, temp.resolve("out")))
                .isInstanceOf(UnreadableExportException.class)
                .hasMessage(empty + ": no NDJSON files (*.ndjson, *.ndjson.gz) and no $export manifest");
    }

    @Test
    void run_manifestListsAMissingFile_throwsNamingTheFile() throws Exception {
        BulkExportFixture.Export copy = BulkExportFixture.of(BulkExportFixture.testBundles()).writeTo(temp.resolve("e"));
        Files.delete(copy.dir().resolve("Condition.ndjson"));

        assertThatThrownBy(() -> BulkScreen.builder(screen).build().run(copy.dir(), temp.resolve("out")))
                .isInstanceOf(UnreadableExportException.class)
                .hasMessage(copy.dir().resolve("Condition.ndjson") + ": listed in the manifest but not in the folder");
        assertThat(temp.resolve("out")).doesNotExist();
    }

    @Test
    void run_brokenGzip_throwsNamingTheFileAndLeavesNoTemporaryFiles() throws Exception {
        BulkExportFixture.Export gz = BulkExportFixture.of(BulkExportFixture.testBundles()).gzip(true)
                .writeTo(temp.resolve("gz"));
        Path observations = gz.dir().resolve("Observation.ndjson.gz");
        byte[] bytes = Files.readAllBytes(observations);
        Files.write(observations, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path work = Files.createDirectories(temp.resolve("work"));

        assertThatThrownBy(() -> BulkScreen.builder(screen).tempDir(work).build().run(gz.dir(), temp.resolve("out")))
                .isInstanceOf(UnreadableExportException.class)
                .hasMessageStartingWith(observations + ": broken gzip data")
                .extracting(e -> ((UnreadableExportException) e).file()).isEqualTo(observations.toString());
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void run_gzNameButNotGzip_throwsNamingTheFile() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("e"));
        Files.writeString(dir.resolve("Patient.ndjson.gz"), "{\"resourceType\":\"Patient\",\"id\":\"p1\"}\n");

        assertThatThrownBy(() -> BulkScreen.builder(screen).build().run(dir, temp.resolve("out")))
                .isInstanceOf(UnreadableExportException.class)
                .hasMessage(dir.resolve("Patient.ndjson.gz") + ": not a gzip file (its name ends in .gz)");
    }

    @Test
    void run_folderNamedLikeAFile_throwsNotAFile() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("e"));
        Files.writeString(dir.resolve("Patient.ndjson"), "{\"resourceType\":\"Patient\",\"id\":\"p1\"}\n");
        Files.createDirectories(dir.resolve("Observation.ndjson"));

        assertThatThrownBy(() -> BulkScreen.builder(screen).build().run(dir, temp.resolve("out")))
                .isInstanceOf(UnreadableExportException.class)
                .hasMessage(dir.resolve("Observation.ndjson") + ": not a file");
    }

    @Test
    void run_success_temporaryFolderDeleted() throws Exception {
        Path work = Files.createDirectories(temp.resolve("work"));

        BulkScreen.builder(screen).tempDir(work).partitionBytes(64 * 1024).build().run(export.dir(), temp.resolve("out"));

        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void run_progress_reachesTheTotals() throws Exception {
        List<long[]> reading = new CopyOnWriteArrayList<>();
        AtomicLong screened = new AtomicLong();
        AtomicLong screenTotal = new AtomicLong();
        ScreenProgress progress = new ScreenProgress() {
            @Override
            public void reading(long done, long total) {
                reading.add(new long[] {done, total});
            }

            @Override
            public void screening(long done, long total) {
                screened.accumulateAndGet(done, Math::max);
                screenTotal.set(total);
            }
        };

        BulkScreen.builder(screen).progress(progress).build().run(export.dir(), temp.resolve("out"));

        long total = reading.get(0)[1];
        assertThat(reading.get(reading.size() - 1)).containsExactly(total, total);
        assertThat(screened.get()).isEqualTo(6);
        assertThat(screenTotal.get()).isEqualTo(6);
    }

    private static List<ScreenResult> results(String ndjson) {
        return ndjson.lines().map(ScreenResult::fromJson).toList();
    }

    private static ObjectNode withoutRun(Path out) throws IOException {
        ObjectNode summary = (ObjectNode) JSON.readTree(out.resolve(BulkScreen.SUMMARY_FILE).toFile());
        summary.remove("run");
        return summary;
    }

    private static void editLines(Path file, UnaryOperator<List<String>> edit) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(file));
            Files.write(file, edit.apply(lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
