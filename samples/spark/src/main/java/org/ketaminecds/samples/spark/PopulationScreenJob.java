package org.ketaminecds.samples.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.ketaminecds.core.Disposition;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.KnowledgeInfo;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.bulk.LineProblem;
import org.ketaminecds.fhir.bulk.MalformedLineException;
import org.ketaminecds.fhir.bulk.PopulationScreen;
import org.ketaminecds.fhir.bulk.ScreenSummary;
import org.ketaminecds.fhir.bulk.SharedResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine;
import scala.Tuple2;

/**
 * Population screening of a FHIR Bulk Data export on Apache Spark: {@code ketamine-cds screen} as a Spark job. Every
 * patient is screened with the library's {@link PopulationScreen}, on one engine per executor JVM, grouped as the
 * library's reader groups them, so the results are the command's, byte for byte.
 *
 * <pre>{@code
 * ScreenSummary summary = PopulationScreenJob.run(spark, "hdfs:///exports/2026-03", "hdfs:///screens/2026-03",
 *         Mode.CANDIDACY, Instant.parse("2026-03-01T00:00:00Z"));
 * }</pre>
 *
 * <p>The output folder:
 * <ul>
 *   <li>{@code results.ndjson/}: one {@code ScreenResult.toJson()} line per patient, sorted by patient; its part files
 *       concatenated in name order are the command's {@code results.ndjson}</li>
 *   <li>{@code results.parquet/}: the same results; columns patient, disposition, findings (array of struct ruleId,
 *       outcome, severity, contraindication), knowledgeId, knowledgeVersion, error</li>
 *   <li>{@code summary.json}: the command's {@link ScreenSummary}; its {@code run} part holds what the driver sees
 *       (threads = the application's cores, partitions = evaluation partitions, elapsed); the first-pass and CPU
 *       times are 0, not measured here (the Spark UI has each task's time)</li>
 *   <li>{@code malformed-lines/}: every skipped line as {@code FILE:LINE: problem}, in export order (only when there
 *       are some)</li>
 * </ul>
 */
@Command(name = "ketamine-cds-spark", mixinStandardHelpOptions = true, versionProvider = PopulationScreenJob.Version.class,
        description = {"Screen every patient of a FHIR Bulk Data export folder (NDJSON per resource type, gzip or not, "
                + "with its $export manifest when present) on Apache Spark and write OUT/results.ndjson/ (the command's "
                + "result lines, sorted by patient, as part files), OUT/results.parquet/ and OUT/summary.json.",
                "A malformed line is reported as FILE:LINE: problem and skipped. Exit 0 when the export was screened; "
                        + "1 when the job failed otherwise; 2 for usage errors; 3 when the export cannot be read "
                        + "(the file is named).",
                "Decision support for clinicians; not a substitute for clinical judgement."})
public final class PopulationScreenJob implements Callable<Integer> {

    /** Exit code when the job fails for another reason than its input. */
    static final int FAILED = 1;
    /** Exit code for usage errors. */
    static final int USAGE = 2;
    /** Exit code when the export cannot be read (as in {@code ketamine-cds}). */
    static final int UNUSABLE_INPUT = 3;
    /** Malformed lines printed one by one; past this, counted ({@code malformed-lines/} has them all). */
    static final int MAX_PRINTED_PROBLEMS = 100;
    /** The master of an embedded run, when neither {@code --master} nor spark-submit gives one. */
    static final String DEFAULT_MASTER = "local[*]";

    static final String RESULTS_NDJSON = "results.ndjson";
    static final String RESULTS_PARQUET = "results.parquet";
    static final String SUMMARY_FILE = "summary.json";
    static final String MALFORMED_LINES = "malformed-lines";

    /** NDJSON text per evaluation partition. */
    static final long PARTITION_BYTES = 128L << 20;
    private static final int MAX_PARTITIONS = 100_000;
    /** FHIR JSON compresses about 10 times (as the library's reader guesses); only sizes the partitions. */
    private static final int GZIP_RATIO_GUESS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(PopulationScreenJob.class);
    private static final String LOG_CONFIG = "ketamine-cds-spark-log4j2.properties";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPORT_DIR", description = "the Bulk Data export folder (any Hadoop file system)")
    private String exportDir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (results in it are replaced)")
    private String outDir;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "candidacy", converter = ModeConverter.class,
            description = "candidacy, pre-dose, post-dose or review (default: ${DEFAULT-VALUE})")
    private Mode mode;

    @Option(names = "--as-of", paramLabel = "TIME", converter = TimeConverter.class,
            description = "evaluation time: ISO-8601 date-time with offset, or a date (start of day, UTC); default: now")
    private Instant asOf;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master; default: spark-submit's, else " + DEFAULT_MASTER + " (embedded, every core)")
    private String master;

    private PopulationScreenJob() {
    }

    public static void main(String[] args) {
        quietEmbeddedLogging();
        System.exit(execute(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args));
    }

    /** Runs the command line and returns its exit code; never throws. */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new PopulationScreenJob()).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // One line that says what went wrong, not Spark's page of plan and stack trace.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof UnreadableFileException) {
                    commandLine.getErr().println("ketamine-cds-spark: " + t.getMessage());
                    return UNUSABLE_INPUT;
                }
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
            commandLine.getErr().println("ketamine-cds-spark: the job failed: " + root.getClass().getSimpleName()
                    + (message.isEmpty() ? "" : ": " + message));
            return FAILED;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        Instant time = asOf != null ? asOf : Instant.now();
        // A host that already runs a session (a notebook, a test) lends it; otherwise the job makes and ends its own.
        scala.Option<SparkSession> existing = SparkSession.getDefaultSession();
        boolean lent = existing.isDefined();
        SparkConf conf = sparkConf(master);
        if (!lent && conf.get("spark.master").startsWith("local")) {
            // Local mode: the executor is this JVM, so its engine can be built while Spark starts.
            ExecutorScreen.warmUpInBackground(mode, time);
        }
        SparkSession spark = lent ? existing.get() : SparkSession.builder().config(conf).getOrCreate();
        try {
            ScreenSummary summary = run(spark, exportDir, outDir, mode, time);
            PrintWriter err = spec.commandLine().getErr();
            long malformed = summary.input().malformedLines();
            if (malformed > 0) {
                firstMalformed(spark, outDir, MAX_PRINTED_PROBLEMS).forEach(err::println);
                if (malformed > MAX_PRINTED_PROBLEMS) {
                    err.println("... " + (malformed - MAX_PRINTED_PROBLEMS) + " more malformed lines skipped (all in "
                            + new Path(outDir, MALFORMED_LINES) + ")");
                }
                err.flush();
            }
            spec.commandLine().getOut().print(report(summary, outDir));
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            if (!lent) {
                spark.stop();
            }
        }
    }

    /** The application's configuration: spark-submit's (system properties), else an embedded {@code local[*]}. */
    static SparkConf sparkConf(String master) {
        SparkConf conf = new SparkConf().setAppName("ketamine-cds population screen");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster(DEFAULT_MASTER);
        }
        return conf;
    }

    /**
     * Screens every patient of the export in {@code exportDir} and writes the results into {@code outDir} (see the
     * class comment). Malformed lines are skipped and written to {@code malformed-lines/}; they never stop the run.
     *
     * @throws UnreadableFileException naming the folder or file when the export cannot be read (from a task: as the
     *                                 cause of Spark's exception)
     */
    public static ScreenSummary run(SparkSession spark, String exportDir, String outDir, Mode mode, Instant asOf) {
        long start = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<ExportFiles.ExportFile> files = ExportFiles.list(exportDir, jsc.hadoopConfiguration());
        List<String> names = files.stream().map(ExportFiles.ExportFile::name).toList();
        Map<String, String> sharedResources = sharedResources(jsc, files);
        Broadcast<Map<String, String>> shared = jsc.broadcast(sharedResources);

        Counters counters = new Counters(jsc);
        List<JavaPairRDD<LineKey, String>> keyed = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            describe(jsc, "number the lines of " + files.get(i).name());
            keyed.add(lines(jsc, files.get(i)).flatMapToPair(new KeyByPatient(i, counters)));
        }
        @SuppressWarnings("unchecked")
        JavaPairRDD<LineKey, String> all = jsc.union(keyed.toArray(new JavaPairRDD[0]));
        int partitions = evaluationPartitions(files, jsc.defaultParallelism());
        JavaRDD<Row> evaluated = all
                .repartitionAndSortWithinPartitions(new LineKey.ByPatient(partitions), new LineKey.Order())
                .mapPartitions(new PartitionScreen(mode, asOf, shared));
        Dataset<Row> output = spark.createDataFrame(evaluated, ResultRows.OUTPUT).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Tally tally = write(spark, output, outDir, names);
            ScreenSummary.Input input = new ScreenSummary.Input(files.size(),
                    files.stream().mapToLong(ExportFiles.ExportFile::size).sum(), counters.chars.value(),
                    counters.resources.value(), tally.malformed, sharedResources.size(),
                    counters.patientless.value() - sharedResources.size());
            ScreenSummary.Run run = new ScreenSummary.Run(jsc.defaultParallelism(), partitions,
                    Duration.ofNanos(System.nanoTime() - start), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
            ScreenSummary summary = new ScreenSummary(mode, asOf, knowledge(jsc), tally.patients, tally.assessed,
                    tally.patients - tally.assessed, tally.dispositions, tally.rules, input, run);
            writeText(spark, new Path(outDir, SUMMARY_FILE), summary.toJson() + "\n");
            return summary;
        } finally {
            output.unpersist();
            shared.destroy();
            jsc.setJobDescription(null);
        }
    }

    /** What the Spark UI and log say the next jobs are for. */
    private static void describe(JavaSparkContext jsc, String what) {
        LOG.info("next: {}", what);
        jsc.setJobDescription("ketamine-cds screen: " + what);
    }

    /**
     * How many partitions the patients are grouped into: about {@link #PARTITION_BYTES} of NDJSON text each, so that
     * a task sorts a bounded amount, and at least two per core, so that a slow partition does not idle the others.
     */
    static int evaluationPartitions(List<ExportFiles.ExportFile> files, int cores) {
        long text = 0;
        for (ExportFiles.ExportFile f : files) {
            text += f.name().endsWith(".gz") ? f.size() * GZIP_RATIO_GUESS : f.size();
        }
        return (int) Math.min(MAX_PARTITIONS, Math.max(2L * cores, (text + PARTITION_BYTES - 1) / PARTITION_BYTES));
    }

    /** One file's lines, numbered from 0; a read error (a broken gzip stream) names the file. */
    private static JavaPairRDD<String, Long> lines(JavaSparkContext jsc, ExportFiles.ExportFile file) {
        // One partition per file up to Hadoop's block size: then numbering the lines needs no extra pass.
        return jsc.textFile(file.path(), 1).mapPartitions(new FileLines(file.name()), true).zipWithIndex();
    }

    /**
     * The export's resources of {@link ExportLines#SHARED_TYPES} by {@code Type/id}, read from their own files (one
     * type per file): the first of each id in export order, up to {@link ExportLines#SHARED_CHARS}, as the library's
     * reader keeps them. Small enough for the driver and every executor to hold.
     */
    private static Map<String, String> sharedResources(JavaSparkContext jsc, List<ExportFiles.ExportFile> files) {
        List<JavaRDD<Tuple2<Long, Tuple2<String, String>>>> perFile = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            ExportFiles.ExportFile file = files.get(i);
            if (file.shared()) {
                long fileOrder = (long) i << 40;
                perFile.add(lines(jsc, file).flatMap(numbered -> {
                    String line = numbered._1();
                    String key = null;
                    try {
                        if (!line.isBlank() && line.length() <= ExportLines.MAX_LINE_CHARS
                                && PopulationScreen.patientOf(line) == null) {
                            key = ExportLines.typeAndId(line);
                        }
                    } catch (MalformedLineException e) {
                        // reported with its place by the main pass, which reads these files too
                    }
                    return key == null || !SharedResources.TYPES.contains(key.substring(0, key.indexOf('/')))
                            ? List.<Tuple2<Long, Tuple2<String, String>>>of().iterator()
                            : List.of(new Tuple2<>(fileOrder + numbered._2(), new Tuple2<>(key, line))).iterator();
                }));
            }
        }
        if (perFile.isEmpty()) {
            return Map.of();
        }
        describe(jsc, "read the resources that patients reference (Medication, Organization...)");
        @SuppressWarnings("unchecked")
        List<Tuple2<Long, Tuple2<String, String>>> found =
                new ArrayList<>(jsc.union(perFile.toArray(new JavaRDD[0])).collect());
        found.sort(Comparator.comparing(Tuple2::_1));
        Map<String, String> shared = new HashMap<>();
        long chars = 0;
        for (Tuple2<Long, Tuple2<String, String>> f : found) {
            String key = f._2()._1();
            String line = f._2()._2();
            if (chars + line.length() <= ExportLines.SHARED_CHARS && !shared.containsKey(key)) {
                shared.put(key, line);
                chars += line.length();
            }
        }
        return shared;
    }

    /** What the summary counts while the lines are read (exact unless a task is retried). */
    private static final class Counters implements Serializable {
        private static final long serialVersionUID = 1L;
        final LongAccumulator resources;
        final LongAccumulator patientless;
        final LongAccumulator chars;

        Counters(JavaSparkContext jsc) {
            resources = jsc.sc().longAccumulator("resources");
            patientless = jsc.sc().longAccumulator("resources naming no patient");
            chars = jsc.sc().longAccumulator("NDJSON characters");
        }
    }

    /** An export line keyed by its patient; a malformed line keyed by its place; blank and patient-less lines dropped. */
    private static final class KeyByPatient implements PairFlatMapFunction<Tuple2<String, Long>, LineKey, String> {
        private static final long serialVersionUID = 1L;
        private final int file;
        private final Counters counters;

        KeyByPatient(int file, Counters counters) {
            this.file = file;
            this.counters = counters;
        }

        @Override
        public Iterator<Tuple2<LineKey, String>> call(Tuple2<String, Long> numbered) {
            String line = numbered._1();
            long lineNumber = numbered._2() + 1;
            counters.chars.add(line.length() + 1L);
            if (line.length() > ExportLines.MAX_LINE_CHARS) {
                return malformed(lineNumber, "longer than " + ExportLines.MAX_LINE_CHARS + " characters; skipped");
            }
            if (line.isBlank()) {
                return List.<Tuple2<LineKey, String>>of().iterator();
            }
            String patient;
            try {
                patient = PopulationScreen.patientOf(line);
            } catch (MalformedLineException e) {
                return malformed(lineNumber, e.getMessage());
            }
            counters.resources.add(1);
            if (patient == null) {
                counters.patientless.add(1);
                return List.<Tuple2<LineKey, String>>of().iterator();
            }
            return List.of(new Tuple2<>(new LineKey(patient, file, lineNumber), line)).iterator();
        }

        private Iterator<Tuple2<LineKey, String>> malformed(long lineNumber, String problem) {
            return List.of(new Tuple2<>(new LineKey(null, file, lineNumber), problem)).iterator();
        }
    }

    /** What {@link #write} counted. */
    private record Tally(long patients, long assessed, long malformed, Map<Disposition, Long> dispositions,
                         Map<String, Map<String, Long>> rules) {
    }

    private static Tally write(SparkSession spark, Dataset<Row> output, String outDir, List<String> names) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // Spark sorts strings by their UTF-8 bytes, Java by UTF-16 units: the same order for FHIR ids (ASCII).
        Dataset<Row> results = output.filter(col(ResultRows.MALFORMED).isNull())
                .orderBy(ResultRows.PATIENT)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            describe(jsc, "screen the patients, write " + RESULTS_PARQUET);
            results.select(resultColumns()).write().mode(SaveMode.Overwrite).parquet(outDir + "/" + RESULTS_PARQUET);
            describe(jsc, "write " + RESULTS_NDJSON);
            results.select(ResultRows.JSON).write().mode(SaveMode.Overwrite).text(outDir + "/" + RESULTS_NDJSON);

            Dataset<String> malformed = output.filter(col(ResultRows.MALFORMED).isNotNull())
                    .orderBy(ResultRows.MALFORMED_FILE, ResultRows.MALFORMED_LINE)
                    .map((MapFunction<Row, String>) r -> new LineProblem(
                            names.get(r.getInt(r.fieldIndex(ResultRows.MALFORMED_FILE))),
                            r.getLong(r.fieldIndex(ResultRows.MALFORMED_LINE)),
                            r.getString(r.fieldIndex(ResultRows.MALFORMED))).toString(), Encoders.STRING());
            long patients = 0;
            long assessed = 0;
            long malformedLines = 0;
            Map<Disposition, Long> dispositions = new EnumMap<>(Disposition.class);
            describe(jsc, "count patients per disposition, and malformed lines");
            for (Row r : output.groupBy(col(ResultRows.MALFORMED).isNotNull(), col(ResultRows.DISPOSITION)).count()
                    .collectAsList()) {
                long n = r.getLong(2);
                if (r.getBoolean(0)) {
                    malformedLines += n;
                } else {
                    patients += n;
                    if (!r.isNullAt(1)) {
                        assessed += n;
                        dispositions.put(Disposition.valueOf(r.getString(1)), n);
                    }
                }
            }
            Path malformedDir = new Path(outDir, MALFORMED_LINES);
            if (malformedLines > 0) {
                describe(jsc, "write " + MALFORMED_LINES);
                malformed.write().mode(SaveMode.Overwrite).text(malformedDir.toString());
            } else {
                delete(spark, malformedDir);
            }
            Map<String, Map<String, Long>> rules = new HashMap<>();
            describe(jsc, "count findings per rule");
            for (Row r : results.filter(col(ResultRows.ERROR).isNull())
                    .select(explode(col(ResultRows.FINDINGS)).as("f"))
                    .groupBy("f.ruleId", "f.outcome").count().collectAsList()) {
                rules.computeIfAbsent(r.getString(0), k -> new LinkedHashMap<>()).put(r.getString(1), r.getLong(2));
            }
            return new Tally(patients, assessed, malformedLines, dispositions, rules);
        } finally {
            results.unpersist();
        }
    }

    private static Column[] resultColumns() {
        return Arrays.stream(ResultRows.RESULT.fieldNames()).map(functions::col).toArray(Column[]::new);
    }

    /** The knowledge package the executors screened with (the summary names it, hash included). */
    private static KnowledgeInfo knowledge(JavaSparkContext jsc) {
        describe(jsc, "name the knowledge package");
        List<String> k = jsc.parallelize(List.of(0), 1).map(x -> {
            KnowledgeInfo info = ExecutorScreen.engine().knowledge();
            return String.join("\n", info.id(), info.version(), String.valueOf(info.sha256()), info.source().name(),
                    String.valueOf(info.signedBy()));
        }).collect().get(0).lines().toList();
        return new KnowledgeInfo(k.get(0), k.get(1), orNull(k.get(2)), KnowledgeInfo.Source.valueOf(k.get(3)),
                orNull(k.get(4)));
    }

    private static String orNull(String written) {
        return written.equals("null") ? null : written;
    }

    /** The first malformed lines the job wrote into {@code outDir}. */
    static List<String> firstMalformed(SparkSession spark, String outDir, int limit) {
        Path dir = new Path(outDir, MALFORMED_LINES);
        List<String> lines = new ArrayList<>();
        try {
            FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus[] parts = fs.listStatus(dir, p -> p.getName().startsWith("part-"));
            Arrays.sort(parts, Comparator.comparing(s -> s.getPath().getName()));
            for (FileStatus part : parts) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(part.getPath()),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while (lines.size() < limit && (line = in.readLine()) != null) {
                        lines.add(line);
                    }
                }
                if (lines.size() >= limit) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot be read", e);
        }
        return lines;
    }

    private static void writeText(SparkSession spark, Path path, String text) {
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (OutputStream out = fs.create(path, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot be written", e);
        }
    }

    private static void delete(SparkSession spark, Path path) {
        try {
            path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot be deleted", e);
        }
    }

    /** The short report on stdout, as the command's: counts only, never a patient. */
    static String report(ScreenSummary s, String outDir) {
        int cores = s.run().threads();
        StringBuilder b = new StringBuilder(s.report("on Spark with " + cores + (cores == 1 ? " core" : " cores")));
        b.append("Results: ").append(new Path(outDir, RESULTS_NDJSON)).append("/ and ").append(new Path(outDir, RESULTS_PARQUET))
                .append("/  Summary: ").append(new Path(outDir, SUMMARY_FILE)).append(System.lineSeparator());
        b.append("Decision support for clinicians; not a substitute for clinical judgement.").append(System.lineSeparator());
        return b.toString();
    }

    /**
     * Spark logs at INFO by default; an embedded run (no spark-submit, which brings the cluster's own log4j2
     * configuration) logs WARN and above only, unless the user gave a log4j2 configuration.
     */
    private static void quietEmbeddedLogging() {
        if (System.getProperty("spark.master") == null && System.getProperty("log4j2.configurationFile") == null
                && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PopulationScreenJob.class.getPackage().getImplementationVersion();
            return new String[] {"ketamine-cds-spark " + (v == null ? "(development build)" : v) + ", on Spark "
                    + org.apache.spark.package$.MODULE$.SPARK_VERSION()};
        }
    }

    static final class ModeConverter implements CommandLine.ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            try {
                return Mode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class TimeConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return EvaluationContext.parseTime(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
