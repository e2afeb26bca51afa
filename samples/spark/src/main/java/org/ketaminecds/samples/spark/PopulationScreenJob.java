package org.ketaminecds.samples.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.ketaminecds.core.Disposition;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.bulk.MalformedLineException;
import org.ketaminecds.fhir.bulk.PopulationScreen;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;
import scala.Tuple2;

/**
 * Population screening of a FHIR Bulk Data export on Apache Spark: the library's {@link PopulationScreen} for every
 * patient, one engine per executor JVM, results as Parquet and as the NDJSON lines of {@code ketamine-cds screen}.
 *
 * <pre>{@code
 * ScreenReport report = PopulationScreenJob.run(spark, "hdfs:///exports/2026-03", "hdfs:///screens/2026-03",
 *         Mode.CANDIDACY, Instant.parse("2026-03-01T00:00:00Z"));
 * }</pre>
 *
 * <p>Output folder {@code OUT}:
 * <ul>
 *   <li>{@code results.ndjson/}: {@code ScreenResult.toJson()} lines sorted by patient; the part files, concatenated
 *       in name order, are byte for byte the {@code results.ndjson} of {@code ketamine-cds screen}</li>
 *   <li>{@code results.parquet/}: the same results, columns patient, disposition, findings (ruleId, outcome,
 *       severity, contraindication), knowledgeId, knowledgeVersion, error</li>
 *   <li>{@code summary.json}: the {@link ScreenReport}; {@code malformed-lines/}: every skipped line as
 *       {@code FILE:LINE: problem} (only when there are some)</li>
 * </ul>
 */
@Command(name = "ketamine-cds-spark", mixinStandardHelpOptions = true,
        description = {"Screens every patient of a FHIR Bulk Data export (NDJSON) on Apache Spark.",
                "Decision support for clinicians; not a substitute for clinical judgement."})
public final class PopulationScreenJob implements Callable<Integer> {

    /** Exit code when the export cannot be used (as in {@code ketamine-cds}). */
    static final int UNUSABLE_INPUT = 3;
    /** Exit code for usage errors. */
    static final int USAGE = 2;

    /** The master of an embedded run, when neither {@code --master} nor spark-submit gives one. */
    static final String DEFAULT_MASTER = "local[*]";
    private static final String LOG_CONFIG = "ketamine-cds-spark-log4j2.properties";

    @Parameters(index = "0", paramLabel = "EXPORT_DIR", description = "Folder of the export's .ndjson / .ndjson.gz files (any Hadoop file system).")
    private String exportDir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (replaced results).")
    private String outDir;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "candidacy", converter = ModeConverter.class,
            description = "candidacy, pre-dose, post-dose or review (default: ${DEFAULT-VALUE}).")
    private Mode mode;

    @Option(names = "--as-of", paramLabel = "TIME", converter = TimeConverter.class,
            description = "Evaluation time: 2026-03-01T09:00:00Z or 2026-03-01 (start of day, UTC); default: now.")
    private Instant asOf;

    @Spec
    private CommandSpec spec;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master; default: spark-submit's, else " + DEFAULT_MASTER + " (embedded).")
    private String master;

    private PopulationScreenJob() {
    }

    public static void main(String[] args) {
        quietEmbeddedLogging();
        System.exit(execute(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args));
    }

    /** Runs the command line and returns its exit code: 0 done, 2 usage error, 3 the export cannot be used. */
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
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        Instant time = asOf != null ? asOf : Instant.now();
        SparkConf conf = new SparkConf().setAppName("ketamine-cds population screen");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster(DEFAULT_MASTER);
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            long start = System.nanoTime();
            ScreenReport report = run(spark, exportDir, outDir, mode, time);
            double seconds = (System.nanoTime() - start) / 1e9;
            print(report, seconds, out);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("ketamine-cds-spark: " + e.getMessage());
            return UNUSABLE_INPUT;
        } finally {
            spark.stop();
        }
    }

    /**
     * Screens every patient of the export in {@code exportDir} and writes the results to {@code outDir} (see the class
     * comment). Malformed lines are skipped and reported; they never stop the run.
     *
     * @throws IllegalArgumentException naming the folder or file when the export cannot be read
     */
    public static ScreenReport run(SparkSession spark, String exportDir, String outDir, Mode mode, Instant asOf) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = jsc.hadoopConfiguration();
        List<ExportFiles.ExportFile> files = ExportFiles.list(exportDir, hadoop);
        List<String> names = files.stream().map(ExportFiles.ExportFile::name).toList();

        Broadcast<Map<String, String>> referenced = jsc.broadcast(referencedResources(jsc, files));
        List<JavaPairRDD<LineKey, String>> keyed = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            ExportFiles.ExportFile file = files.get(i);
            keyed.add(jsc.textFile(file.path()).mapPartitions(new FileLines(file.name()), true)
                    .zipWithIndex().flatMapToPair(new KeyByPatient(i)));
        }
        @SuppressWarnings("unchecked")
        JavaPairRDD<LineKey, String> lines = jsc.union(keyed.toArray(new JavaPairRDD[0]));
        JavaRDD<Row> evaluated = lines
                .repartitionAndSortWithinPartitions(new LineKey.ByPatient(2 * jsc.defaultParallelism()), new LineKey.Order())
                .mapPartitions(new PartitionScreen(mode, asOf, names, referenced));
        Dataset<Row> output = spark.createDataFrame(evaluated, ResultRows.OUTPUT).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return write(spark, output, outDir);
        } finally {
            output.unpersist();
            referenced.destroy();
        }
    }

    /**
     * The export's Medication, Organization and Location resources by {@code Type/id}: read from their own files
     * (one type per file), small enough for every executor to hold, as the library's reader holds them.
     */
    private static Map<String, String> referencedResources(JavaSparkContext jsc, List<ExportFiles.ExportFile> files) {
        String paths = String.join(",", files.stream().filter(ExportFiles.ExportFile::referencedOnly)
                .map(ExportFiles.ExportFile::path).toList());
        if (paths.isEmpty()) {
            return Map.of();
        }
        return new HashMap<>(jsc.textFile(paths)
                .flatMapToPair(line -> {
                    String key = null;
                    try {
                        if (!line.isBlank() && PopulationScreen.patientOf(line) == null) {
                            key = ExportLines.typeAndId(line);
                        }
                    } catch (MalformedLineException e) {
                        // reported with its place by the main pass, which reads these files too
                    }
                    return key == null || !ExportLines.REFERENCED_TYPES.contains(key.substring(0, key.indexOf('/')))
                            ? List.<Tuple2<String, String>>of().iterator()
                            : List.of(new Tuple2<>(key, line)).iterator();
                })
                // the same resource twice: keep one, the same one on every run
                .reduceByKey((a, b) -> a.compareTo(b) <= 0 ? a : b)
                .collectAsMap());
    }

    /** An export line keyed by its patient; a malformed line keyed by its place; blank and patient-less lines dropped. */
    private static final class KeyByPatient implements PairFlatMapFunction<Tuple2<String, Long>, LineKey, String> {
        private static final long serialVersionUID = 1L;
        private final int file;

        KeyByPatient(int file) {
            this.file = file;
        }

        @Override
        public Iterator<Tuple2<LineKey, String>> call(Tuple2<String, Long> numbered) {
            String line = numbered._1();
            long lineNumber = numbered._2() + 1;
            if (line.isBlank()) {
                return List.<Tuple2<LineKey, String>>of().iterator();
            }
            try {
                String patient = PopulationScreen.patientOf(line);
                return patient == null
                        ? List.<Tuple2<LineKey, String>>of().iterator()
                        : List.of(new Tuple2<>(new LineKey(patient, file, lineNumber), line)).iterator();
            } catch (MalformedLineException e) {
                return List.of(new Tuple2<>(new LineKey(null, file, lineNumber), e.getMessage())).iterator();
            }
        }
    }

    private static ScreenReport write(SparkSession spark, Dataset<Row> output, String outDir) {
        Dataset<Row> results = output.filter(col(ResultRows.MALFORMED).isNull())
                .orderBy(ResultRows.PATIENT)
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> malformed = output.filter(col(ResultRows.MALFORMED).isNotNull())
                .orderBy(ResultRows.MALFORMED_FILE, ResultRows.MALFORMED_LINE)
                .select(ResultRows.MALFORMED);
        try {
            results.select(resultColumns()).write().mode(SaveMode.Overwrite).parquet(outDir + "/results.parquet");
            results.select(ResultRows.JSON).write().mode(SaveMode.Overwrite).text(outDir + "/results.ndjson");

            long malformedLines = malformed.count();
            List<String> shown = malformed.limit(ScreenReport.MALFORMED_SHOWN).collectAsList().stream()
                    .map(r -> r.getString(0)).toList();
            Path malformedDir = new Path(outDir, "malformed-lines");
            if (malformedLines > 0) {
                malformed.write().mode(SaveMode.Overwrite).text(malformedDir.toString());
            } else {
                delete(spark, malformedDir);
            }

            Map<String, Long> dispositions = new HashMap<>();
            long patients = 0;
            long assessed = 0;
            for (Row r : results.groupBy(ResultRows.DISPOSITION).count().collectAsList()) {
                long n = r.getLong(1);
                patients += n;
                if (!r.isNullAt(0)) {
                    assessed += n;
                    dispositions.put(r.getString(0), n);
                }
            }
            Map<String, Map<String, Long>> rules = new HashMap<>();
            for (Row r : results.select(explode(col(ResultRows.FINDINGS)).as("f"))
                    .groupBy("f.ruleId", "f.outcome").count().collectAsList()) {
                rules.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1), r.getLong(2));
            }
            ScreenReport report = new ScreenReport(patients, assessed, malformedLines, dispositions, rules, shown);
            writeText(spark, new Path(outDir, "summary.json"), report.toJson());
            return report;
        } finally {
            results.unpersist();
        }
    }

    private static Column[] resultColumns() {
        return Arrays.stream(ResultRows.RESULT.fieldNames()).map(functions::col).toArray(Column[]::new);
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

    private static void print(ScreenReport report, double seconds, PrintWriter out) {
        out.printf("%d patients screened in %.1f s (%.0f patients/s): %d assessed, %d not assessed, %d malformed lines skipped%n",
                report.patients(), seconds, report.patients() / Math.max(seconds, 1e-9), report.assessed(),
                report.notAssessed(), report.malformedLines());
        report.dispositions().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Disposition::valueOf)))
                .forEach(e -> out.printf("  %-16s %d%n", e.getKey(), e.getValue()));
        for (String m : report.malformed()) {
            out.println("malformed: " + m);
        }
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
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value
                        + "' is neither a date-time with offset (2026-03-01T09:00:00Z) nor a date (2026-03-01)");
            }
        }
    }
}
