package org.ketaminecds.fhir.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ketaminecds.core.Disposition;
import org.ketaminecds.core.KnowledgeInfo;
import org.ketaminecds.core.Mode;

/**
 * What a {@link BulkScreen} run found ({@code summary.json}). Everything but {@link Run} depends only on the export,
 * the mode, asOf and the knowledge package: two runs over the same input agree on it whatever the thread count.
 *
 * @param mode         the evaluation mode
 * @param asOf         the evaluation time
 * @param knowledge    the knowledge package
 * @param patients     results written (one per patient)
 * @param assessed     patients assessed
 * @param unusable     patients that could not be assessed (their result has an error)
 * @param dispositions patients per disposition, every disposition, worst first
 * @param rules        findings per rule id (sorted) and outcome ({@code FIRED}, {@code CANNOT_ASSESS})
 * @param input        what was read
 * @param run          how the run went: threads, partitions, times (not reproducible)
 */
public record ScreenSummary(Mode mode, Instant asOf, KnowledgeInfo knowledge, long patients, long assessed,
                            long unusable, Map<Disposition, Long> dispositions, Map<String, Map<String, Long>> rules,
                            Input input, Run run) {

    /**
     * What was read.
     *
     * @param files           NDJSON files
     * @param bytes           their size as stored (gzip or not)
     * @param ndjsonBytes     their size as text (after gunzip; characters, about bytes for ASCII JSON)
     * @param resources       resource lines read
     * @param malformedLines  lines skipped as malformed (each reported as {@link LineProblem})
     * @param sharedResources resources naming no patient that were kept to resolve references (Medication,
     *                        Organization, Location)
     * @param droppedResources resources naming no patient that were not used (Practitioner, ..., and shared ones over
     *                        the memory budget)
     */
    public record Input(long files, long bytes, long ndjsonBytes, long resources, long malformedLines,
                        long sharedResources, long droppedResources) {
    }

    /**
     * How the run went. Differs between runs of the same input.
     *
     * @param threads       evaluation threads
     * @param partitions    spill partitions the second pass loaded one at a time
     * @param elapsed       wall time of the whole run
     * @param readingTime   wall time of the first pass (reading the files, partitioning to disk)
     * @param readingCpu    CPU time reading: the first pass, and loading the partitions in the second
     * @param mappingCpu    CPU time parsing resources (HAPI) and mapping them to records, summed over threads
     * @param rulesCpu      CPU time in the engine (facts and rules), summed over threads
     */
    public record Run(int threads, int partitions, Duration elapsed, Duration readingTime, Duration readingCpu,
                      Duration mappingCpu, Duration rulesCpu) {

        /** Patients per second of wall time. */
        public double patientsPerSecond(long patients) {
            double s = elapsed.toNanos() / 1e9;
            return s <= 0 ? 0 : patients / s;
        }

        /** Megabytes (10^6) of NDJSON text per second of wall time. */
        public double megabytesPerSecond(long ndjsonBytes) {
            double s = elapsed.toNanos() / 1e9;
            return s <= 0 ? 0 : ndjsonBytes / 1e6 / s;
        }
    }

    public ScreenSummary {
        Map<Disposition, Long> d = new EnumMap<>(Disposition.class);
        for (Disposition x : Disposition.values()) {
            d.put(x, dispositions.getOrDefault(x, 0L));
        }
        dispositions = Collections.unmodifiableMap(d);
        Map<String, Map<String, Long>> r = new TreeMap<>();
        rules.forEach((id, outcomes) -> r.put(id, Collections.unmodifiableMap(new TreeMap<>(outcomes))));
        rules = Collections.unmodifiableMap(r);
    }

    private static final JsonFactory FACTORY = new JsonFactory();
    /** Indented JSON with \n line ends on every platform; also {@link ScreenComparison}'s. */
    static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));

    /**
     * The few lines a screen prints when it ends: throughput, patients per disposition, CPU per phase when it was
     * measured, unusable patients and malformed lines. Counts only, never a patient.
     *
     * @param workers what ran it, e.g. {@code "with 4 threads"} or {@code "on Spark with 2 cores"}
     */
    public String report(String workers) {
        StringBuilder b = new StringBuilder();
        String nl = System.lineSeparator();
        b.append(String.format(Locale.ROOT, "Screened %d patients (%s mode, as of %s) in %.1f s %s: %.1f patients/s, "
                        + "%.1f MB/s.%n", patients, mode.cliName(), asOf, run.elapsed().toNanos() / 1e9, workers,
                run.patientsPerSecond(patients), run.megabytesPerSecond(input.ndjsonBytes())));
        b.append("  ").append(dispositions.entrySet().stream().map(e -> e.getKey().name() + " " + e.getValue())
                .collect(Collectors.joining(", "))).append(nl);
        double reading = run.readingCpu().toNanos() / 1e9;
        double mapping = run.mappingCpu().toNanos() / 1e9;
        double rules = run.rulesCpu().toNanos() / 1e9;
        if (reading + mapping + rules > 0) {
            b.append(String.format(Locale.ROOT, "  CPU: reading %.1f s, parsing and mapping %.1f s, rules %.1f s "
                    + "(rules add %.0f%% to reading and mapping)%n", reading, mapping, rules,
                    reading + mapping > 0 ? 100 * rules / (reading + mapping) : 0));
        }
        if (unusable > 0) {
            b.append("  ").append(unusable).append(unusable == 1 ? " patient" : " patients")
                    .append(" could not be assessed (see \"error\" in their result lines)").append(nl);
        }
        if (input.malformedLines() > 0) {
            b.append("  ").append(input.malformedLines()).append(input.malformedLines() == 1 ? " malformed line" : " malformed lines")
                    .append(" skipped").append(nl);
        }
        return b.toString();
    }

    /** Indented JSON, fields in a fixed order; the {@code run} object last. */
    public String toJson() {
        StringWriter out = new StringWriter(4096);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(PRETTY);
            g.writeStartObject();
            g.writeStringField("mode", mode.name());
            g.writeStringField("asOf", asOf.toString());
            g.writeObjectFieldStart("knowledge");
            g.writeStringField("id", knowledge.id());
            g.writeStringField("version", knowledge.version());
            if (knowledge.sha256() != null) {
                g.writeStringField("sha256", knowledge.sha256());
            }
            g.writeStringField("source", knowledge.source().name());
            if (knowledge.signedBy() != null) {
                g.writeStringField("signedBy", knowledge.signedBy());
            }
            g.writeEndObject();
            g.writeNumberField("patients", patients);
            g.writeNumberField("assessed", assessed);
            g.writeNumberField("unusable", unusable);
            g.writeObjectFieldStart("dispositions");
            for (Map.Entry<Disposition, Long> e : dispositions.entrySet()) {
                g.writeNumberField(e.getKey().name(), e.getValue());
            }
            g.writeEndObject();
            writeCounts(g, "rules", rules);
            g.writeObjectFieldStart("input");
            g.writeNumberField("files", input.files());
            g.writeNumberField("bytes", input.bytes());
            g.writeNumberField("ndjsonBytes", input.ndjsonBytes());
            g.writeNumberField("resources", input.resources());
            g.writeNumberField("malformedLines", input.malformedLines());
            g.writeNumberField("sharedResources", input.sharedResources());
            g.writeNumberField("droppedResources", input.droppedResources());
            g.writeEndObject();
            g.writeObjectFieldStart("run");
            g.writeNumberField("threads", run.threads());
            g.writeNumberField("partitions", run.partitions());
            g.writeNumberField("elapsedSeconds", seconds(run.elapsed()));
            g.writeNumberField("patientsPerSecond", round(run.patientsPerSecond(patients)));
            g.writeNumberField("megabytesPerSecond", round(run.megabytesPerSecond(input.ndjsonBytes())));
            g.writeNumberField("firstPassSeconds", seconds(run.readingTime()));
            g.writeNumberField("readingCpuSeconds", seconds(run.readingCpu()));
            g.writeNumberField("mappingCpuSeconds", seconds(run.mappingCpu()));
            g.writeNumberField("rulesCpuSeconds", seconds(run.rulesCpu()));
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static double seconds(Duration d) {
        return round(d.toNanos() / 1e9);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** Counts results as they come, in any order. */
    static final class Tally {
        private long patients;
        private long assessed;
        private final Map<Disposition, Long> dispositions = new EnumMap<>(Disposition.class);
        private final Map<String, Map<String, Long>> rules = new TreeMap<>();

        void add(ScreenResult r) {
            patients++;
            if (!r.assessed()) {
                return;
            }
            assessed++;
            dispositions.merge(r.disposition(), 1L, Long::sum);
            for (ScreenFinding f : r.findings()) {
                rules.computeIfAbsent(f.ruleId(), k -> new LinkedHashMap<>()).merge(f.outcome(), 1L, Long::sum);
            }
        }

        ScreenSummary summary(Mode mode, Instant asOf, KnowledgeInfo knowledge, Input input, Run run) {
            return new ScreenSummary(mode, asOf, knowledge, patients, assessed, patients - assessed, dispositions,
                    rules, input, run);
        }
    }

    /** {@code "field": {"row": {"column": count, ...}, ...}}: counts by two keys, as the summary and the comparison write them. */
    static void writeCounts(JsonGenerator g, String field, Map<String, Map<String, Long>> counts) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, Map<String, Long>> row : counts.entrySet()) {
            g.writeObjectFieldStart(row.getKey());
            for (Map.Entry<String, Long> cell : row.getValue().entrySet()) {
                g.writeNumberField(cell.getKey(), cell.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}
