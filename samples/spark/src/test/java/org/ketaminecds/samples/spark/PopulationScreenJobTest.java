package org.ketaminecds.samples.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.bulk.BulkExportFixture;
import org.ketaminecds.fhir.bulk.BulkScreen;
import org.ketaminecds.fhir.bulk.LineProblem;
import org.ketaminecds.fhir.bulk.PopulationScreen;
import org.ketaminecds.fhir.bulk.ScreenResult;
import org.ketaminecds.fhir.bulk.ScreenSummary;

/**
 * The job in local mode on Bulk exports of the shared Synthea data ({@link BulkExportFixture}), checked against the
 * library's single-machine screen ({@link BulkScreen}, what {@code ketamine-cds screen} runs) on the same export.
 */
class PopulationScreenJobTest {

    private static final Instant AS_OF = Instant.parse("2025-06-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    @TempDir
    Path temp;

    private static SparkSession spark;
    private static CdsEngine engine;
    private static BulkExportFixture.Export export;
    private static ScreenSummary summary;
    private static Path sparkOut;
    /** The library's screen of the same export: results.ndjson and summary.json; and the lines it reported. */
    private static Path libraryOut;
    private static final List<LineProblem> libraryProblems = new ArrayList<>();
    /** The library's screen of the export before the malformed lines were put in. */
    private static Path cleanLibraryOut;

    /**
     * One export exercising what the job must get right, screened both ways: the test bundles of the shared Synthea
     * data, gzipped, split into files of 200 lines (so a type spans several files), with the manifest, and with two
     * malformed lines and a blank one put into Condition.ndjson.gz.
     */
    @BeforeAll
    static void screenTheTestExportBothWays() throws Exception {
        ExecutorScreen.warmUpInBackground(Mode.CANDIDACY, AS_OF);  // while Spark starts, as the command does
        spark = SparkSession.builder().master("local[2]").appName("PopulationScreenJobTest")
                .config("spark.ui.enabled", false)
                .config("spark.sql.shuffle.partitions", 2)
                .config("spark.sql.warehouse.dir", Path.of("target", "spark-warehouse").toAbsolutePath().toString())
                .getOrCreate();
        engine = ExecutorScreen.engine();  // the library's screen and the job's tasks on one engine: built once
        BulkExportFixture.Builder fixture = BulkExportFixture.of(BulkExportFixture.testBundles()).gzip(true).linesPerFile(200);
        BulkExportFixture.Export clean = fixture.writeTo(shared.resolve("clean"));
        export = fixture.writeTo(shared.resolve("export"));
        Path conditions = export.dir().resolve("Condition.ndjson.gz");
        List<String> lines = new ArrayList<>(Arrays.asList(gunzip(conditions).split("\n", -1)));
        lines.add(1, "{\"resourceType\": \"Condition\", \"subject\": ");  // line 2: cut short
        lines.add(4, "");                                                 // line 5: blank, skipped silently
        lines.add(5, "{\"id\": \"no-type\"}");                            // line 6: not a resource
        gzip(conditions, String.join("\n", lines));
        // Resources naming no patient, of types the fixture lacks: which the library keeps for references and which
        // it drops shows in its summary, so the job must sort them the same way.
        addFile(export.dir(), "PractitionerRole", "{\"resourceType\":\"PractitionerRole\",\"id\":\"role-1\"}");
        addFile(export.dir(), "Group", "{\"resourceType\":\"Group\",\"id\":\"group-1\",\"type\":\"person\"}");

        libraryOut = shared.resolve("library");
        BulkScreen.builder(PopulationScreen.of(engine, Mode.CANDIDACY, AS_OF)).threads(1)
                .onProblem(libraryProblems::add).build().run(export.dir(), libraryOut);
        cleanLibraryOut = shared.resolve("library-clean");
        BulkScreen.builder(PopulationScreen.of(engine, Mode.CANDIDACY, AS_OF)).threads(1).build()
                .run(clean.dir(), cleanLibraryOut);
        sparkOut = shared.resolve("spark");
        summary = PopulationScreenJob.run(spark, export.dir().toString(), sparkOut.toString(), Mode.CANDIDACY, AS_OF);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void partitionScreen_patientOverTheCap_errorRowAndTheNextPatientScreened() {
        int lines = PopulationScreen.DEFAULT_MAX_PATIENT_RESOURCES + 1;
        String observation = "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/big\"}}";
        // A sorted partition as the shuffle gives it, produced lazily: the big patient's lines are never all in a list.
        java.util.Iterator<scala.Tuple2<LineKey, String>> partition = java.util.stream.Stream.concat(
                java.util.stream.IntStream.range(0, lines).mapToObj(i -> new scala.Tuple2<>(new LineKey("big", 0, i), observation)),
                Stream.of(new scala.Tuple2<>(new LineKey("small", 1, 0), "{\"resourceType\":\"Patient\",\"id\":\"small\"}")))
                .iterator();

        List<Row> rows = new ArrayList<>();
        new PartitionScreen(Mode.CANDIDACY, AS_OF, org.apache.spark.api.java.JavaSparkContext.fromSparkContext(
                spark.sparkContext()).broadcast(java.util.Map.<String, String>of())).call(partition).forEachRemaining(rows::add);

        int patient = ResultRows.OUTPUT.fieldIndex(ResultRows.PATIENT);
        int error = ResultRows.OUTPUT.fieldIndex(ResultRows.ERROR);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getString(patient)).isEqualTo("Patient/big");
        assertThat(rows.get(0).getString(error)).startsWith("too large to screen: " + lines + " resources");
        assertThat(rows.get(1).getString(patient)).isEqualTo("Patient/small");
        assertThat(rows.get(1).getString(error)).isNull();
    }

    @Test
    void run_syntheaExport_resultLinesAreTheLibraryScreensByteForByte() throws IOException {
        byte[] library = Files.readAllBytes(libraryOut.resolve(BulkScreen.RESULTS_FILE));

        assertThat(concatenatedParts(sparkOut.resolve(PopulationScreenJob.RESULTS_NDJSON))).isEqualTo(library);
        List<ScreenResult> results = new String(library, StandardCharsets.UTF_8).lines().map(ScreenResult::fromJson).toList();
        assertThat(results).extracting(ScreenResult::patient).containsExactlyElementsOf(export.patients());
        assertThat(results).allSatisfy(r -> assertThat(r.assessed()).as(r.patient()).isTrue());
        assertThat(results).anySatisfy(r -> assertThat(r.findings()).isNotEmpty());
    }

    @Test
    void run_syntheaExport_summaryIsTheLibrarysExceptForTheRun() throws IOException {
        ObjectNode library = (ObjectNode) JSON.readTree(libraryOut.resolve(BulkScreen.SUMMARY_FILE).toFile());
        ObjectNode job = (ObjectNode) JSON.readTree(sparkOut.resolve(PopulationScreenJob.SUMMARY_FILE).toFile());
        library.remove("run");
        job.remove("run");

        assertThat(job).isEqualTo(library);
        assertThat(summary.patients()).isEqualTo(export.patients().size());
        assertThat(summary.input().resources()).isEqualTo(export.lines() + 2);
        assertThat(summary.input().files()).isGreaterThan(10);  // types split over several files
        assertThat(summary.input().sharedResources()).isPositive();
        assertThat(summary.run().threads()).isEqualTo(2);
    }

    @Test
    void run_syntheaExport_parquetHoldsTheSameResults() throws IOException {
        var parquet = spark.read().parquet(sparkOut.resolve(PopulationScreenJob.RESULTS_PARQUET).toString());
        List<String> lines = parquet.orderBy("patient").collectAsList().stream()
                .map(row -> ResultRows.toResult(row).toJson()).toList();

        assertThat(lines).containsExactlyElementsOf(
                Files.readAllLines(libraryOut.resolve(BulkScreen.RESULTS_FILE), StandardCharsets.UTF_8));
        assertThat(parquet.schema().fieldNames()).containsExactly("patient", "disposition", "findings", "knowledgeId",
                "knowledgeVersion", "error");
        StructType finding = (StructType) ((ArrayType) parquet.schema().apply("findings").dataType()).elementType();
        assertThat(finding.fieldNames()).containsExactly("ruleId", "outcome", "severity", "contraindication");
    }

    @Test
    void run_manyTasks_oneEnginePerJvm() {
        // The job ran its evaluation in 4 partitions on 2 threads, and the knowledge lookup in one more task.
        assertThat(ExecutorScreen.enginesBuilt()).isEqualTo(1);
    }

    @Test
    void run_malformedLines_reportedAsTheLibraryReportsThemAndNothingElseLost() throws IOException {
        assertThat(summary.input().malformedLines()).isEqualTo(2);
        assertThat(Files.readAllLines(concatenated(sparkOut.resolve(PopulationScreenJob.MALFORMED_LINES))))
                .containsExactlyElementsOf(libraryProblems.stream().map(LineProblem::toString).toList())
                .hasSize(2)
                .first().asString().startsWith(export.dir() + "/Condition.ndjson.gz:2: not valid JSON");
        assertThat(concatenatedParts(sparkOut.resolve(PopulationScreenJob.RESULTS_NDJSON)))
                .isEqualTo(Files.readAllBytes(cleanLibraryOut.resolve(BulkScreen.RESULTS_FILE)));
    }

    @Test
    void execute_brokenGzip_exits3NamingTheFile() throws Exception {
        BulkExportFixture.Export gz = BulkExportFixture.of(BulkExportFixture.testBundles()).gzip(true)
                .writeTo(temp.resolve("export"));
        Path observations = gz.dir().resolve("Observation.ndjson.gz");
        byte[] bytes = Files.readAllBytes(observations);
        Files.write(observations, Arrays.copyOf(bytes, bytes.length / 2));  // the first lines read, then the stream ends
        StringWriter err = new StringWriter();

        int exit = PopulationScreenJob.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                gz.dir().toString(), "--out", temp.resolve("out").toString(), "--as-of", "2025-06-01");

        assertThat(exit).isEqualTo(PopulationScreenJob.UNUSABLE_INPUT);
        assertThat(err.toString()).startsWith("ketamine-cds-spark: " + observations + ": broken gzip data");
        assertThat(spark.sparkContext().isStopped()).as("a lent session stays up").isFalse();
    }

    @Test
    void execute_missingExportFolder_exits3NamingIt() {
        StringWriter err = new StringWriter();
        Path missing = temp.resolve("no-such-export");

        int exit = PopulationScreenJob.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                missing.toString(), "--out", temp.resolve("out").toString());

        assertThat(exit).isEqualTo(PopulationScreenJob.UNUSABLE_INPUT);
        assertThat(err.toString()).isEqualTo("ketamine-cds-spark: " + missing + ": the folder does not exist\n");
    }

    @Test
    void execute_unknownMode_exits2SayingWhatIsAllowed() {
        StringWriter err = new StringWriter();

        int exit = PopulationScreenJob.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                "export", "--out", "out", "--mode", "dosing");

        assertThat(exit).isEqualTo(PopulationScreenJob.USAGE);
        assertThat(err.toString()).contains("candidacy, pre-dose, post-dose or review");
    }

    /** Adds {@code <type>.ndjson.gz} with this line to the export and to its manifest. */
    private static void addFile(Path dir, String type, String line) throws IOException {
        String file = type + ".ndjson.gz";
        gzip(dir.resolve(file), line + "\n");
        ObjectNode manifest = (ObjectNode) JSON.readTree(dir.resolve("manifest.json").toFile());
        ((ArrayNode) manifest.get("output")).addObject()
                .put("type", type).put("url", BulkExportFixture.BASE_URL + file).put("count", 1);
        JSON.writeValue(dir.resolve("manifest.json").toFile(), manifest);
    }

    /** A Spark output folder's part files, concatenated in name order. */
    private static byte[] concatenatedParts(Path dir) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                all.write(Files.readAllBytes(part));
            }
        }
        return all.toByteArray();
    }

    private Path concatenated(Path dir) throws IOException {
        Path file = Files.createTempFile(temp, "parts", ".txt");
        Files.write(file, concatenatedParts(dir));
        return file;
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void gzip(Path file, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
