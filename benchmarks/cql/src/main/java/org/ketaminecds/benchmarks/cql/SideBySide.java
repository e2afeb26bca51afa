package org.ketaminecds.benchmarks.cql;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Bundle;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.AssessmentJson;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.UnusableRecordException;

/**
 * Our engine and the CQL engine side by side on the same generated patients, in one JVM and one run (issue 17).
 * Per patient, four timings, taken in alternating order (ours first for even patients, CQL first for odd ones) so that
 * whatever else the machine does hits both alike:
 * <ul>
 *   <li>engine only: ours {@code CdsEngine.evaluate} in CANDIDACY mode (every candidacy and contraindication rule of
 *   that mode) on a record read beforehand; CQL: library KetamineCandidacy on the bundle HAPI parsed beforehand;</li>
 *   <li>JSON to result: ours {@code FhirRecordReader.read(json)} + evaluate + {@code AssessmentJson}; CQL: HAPI parses
 *   the JSON, then the library.</li>
 * </ul>
 * Both warm up first on the same patients (untimed passes). Run from the repository root (the generator reads
 * ../shared/data):
 *
 * <pre>./mvnw -B -Pcql -pl benchmarks/cql -am -DskipTests package
 * java -Xms3g -Xmx3g -jar benchmarks/cql/target/benchmarks-cql.jar [--patients 1000] [--seed 1] [--warmup-passes 2]
 *     [--batch 25] [--as-of 2025-06-01T00:00:00Z]</pre>
 */
public final class SideBySide {

    private static volatile int sink;

    private SideBySide() {
    }

    public static void main(String[] args) throws Exception {
        int patients = 1000;
        long seed = 1;
        int warmupPasses = 2;
        int batch = 25;
        Instant asOf = Instant.parse("2025-06-01T00:00:00Z");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--patients" -> patients = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--warmup-passes" -> warmupPasses = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--as-of" -> asOf = Instant.parse(args[++i]);
                default -> {
                    System.err.println("usage: SideBySide [--patients N] [--seed S] [--warmup-passes P] [--batch B]"
                            + " [--as-of INSTANT]");
                    System.exit(2);
                }
            }
        }
        System.out.println("load average at start: " + loadAverage());
        List<Population.Patient> population = Population.generate(patients, seed);
        Set<String> codings = new HashSet<>();
        long resources = 0;
        long bytes = 0;
        for (Population.Patient p : population) {
            ValueSetExpansions.collectCodings(p.bundleJson(), codings);
            bytes += p.bundleJson().length();
        }
        Sides sides = new Sides(asOf, codings);
        for (Population.Patient p : population) {
            resources += sides.parse(p).getEntry().size();
        }
        System.out.printf(Locale.ROOT, "%d patients, %d resources (%.0f per patient), %.0f KB of JSON per patient%n",
                population.size(), resources, (double) resources / population.size(), bytes / 1e3 / population.size());

        Tally tally = new Tally(new TreeMap<>(), new TreeMap<>());
        for (int pass = 0; pass < warmupPasses; pass++) {
            long start = System.nanoTime();
            sides.pass(population, batch, null, pass == 0 ? tally : null);
            System.out.printf(Locale.ROOT, "warm-up pass %d: %.1f s%n", pass + 1, (System.nanoTime() - start) / 1e9);
        }
        System.out.println("load average before the measured pass: " + loadAverage());
        Timings t = new Timings(population.size());
        long start = System.nanoTime();
        sides.pass(population, batch, t, warmupPasses == 0 ? tally : null);
        System.out.printf(Locale.ROOT, "measured pass: %.1f s%n", (System.nanoTime() - start) / 1e9);
        System.out.println("load average after: " + loadAverage());
        t.report();
        tally.report(population.size());
    }

    /** Per-patient times in nanoseconds: engine only and JSON to result, for each side. */
    record Timings(long[] oursEngine, long[] cqlEngine, long[] oursJson, long[] cqlJson) {
        Timings(int n) {
            this(new long[n], new long[n], new long[n], new long[n]);
        }

        void report() {
            System.out.println();
            System.out.println("| per patient | ours p50 | ours p99 | ours mean | CQL p50 | CQL p99 | CQL mean"
                    + " | CQL / ours, p50 | CQL / ours, mean |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            row("engine only", oursEngine, cqlEngine);
            row("JSON to result", oursJson, cqlJson);
        }

        private static void row(String name, long[] ours, long[] cql) {
            double[] o = stats(ours);
            double[] c = stats(cql);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %.1f× | %.1f× |%n", name, ms(o[0]),
                    ms(o[1]), ms(o[2]), ms(c[0]), ms(c[1]), ms(c[2]), c[0] / o[0], c[2] / o[2]);
        }

        /** p50, p99, mean. */
        private static double[] stats(long[] nanos) {
            long[] s = nanos.clone();
            Arrays.sort(s);
            return new double[] {s[index(s.length, 0.50)], s[index(s.length, 0.99)], Arrays.stream(s).average().orElse(0)};
        }

        private static int index(int n, double q) {
            return Math.max(0, (int) Math.ceil(q * n) - 1);
        }

        private static String ms(double nanos) {
            return nanos >= 1e6 ? String.format(Locale.ROOT, "%.2f ms", nanos / 1e6)
                    : String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
        }
    }

    /** What the two sides answered, so that a reader sees they were not comparing empty answers. */
    record Tally(Map<String, Integer> cqlTrue, Map<String, Integer> oursFired) {
        void add(Map<String, Object> cql, Assessment ours) {
            cql.forEach((name, value) -> {
                if (Boolean.TRUE.equals(value)) {
                    cqlTrue.merge(name, 1, Integer::sum);
                }
            });
            ours.findings().stream().map(f -> f.ruleId() + " " + f.outcome().name().toLowerCase(Locale.ROOT) + " "
                    + f.severity().name().toLowerCase(Locale.ROOT)).distinct()
                    .forEach(k -> oursFired.merge(k, 1, Integer::sum));
        }

        void report(int patients) {
            System.out.println();
            System.out.println("patients of " + patients + " for whom a CQL definition is true: " + cqlTrue);
            System.out.println("patients of " + patients + " with a finding of ours (rule, outcome, severity): "
                    + oursFired);
        }
    }

    /** The two engines, and one pass over the population. */
    static final class Sides {
        private final Instant asOf;
        private final FhirRecordReader reader = FhirRecordReader.create();
        private final CdsEngine engine = CdsEngine.builder().build();
        private final EvaluationContext context;
        private final CqlCandidacy cql;

        Sides(Instant asOf, Set<String> codings) {
            this.asOf = asOf;
            this.context = EvaluationContext.of(Mode.CANDIDACY, asOf);
            this.cql = new CqlCandidacy(FhirContext.forR4Cached(), codings);
        }

        Bundle parse(Population.Patient p) {
            return cql.parse(p.bundleJson());
        }

        PatientRecord read(Population.Patient p) {
            try {
                return reader.read(p.bundleJson(), p.id() + ".json");
            } catch (UnusableRecordException e) {
                throw new IllegalStateException("patient " + p.id() + " is unusable: " + e.getMessage(), e);
            }
        }

        Assessment ours(PatientRecord record) {
            return engine.evaluate(record, context);
        }

        Map<String, Object> cql(Bundle bundle, String patientId) {
            return cql.evaluate(bundle, patientId, asOf);
        }

        String oursFromJson(Population.Patient p) {
            return AssessmentJson.toCompactJson(ours(read(p)));
        }

        Map<String, Object> cqlFromJson(Population.Patient p) {
            return cql.evaluateJson(p.bundleJson(), p.id(), asOf);
        }

        /**
         * One pass: per batch, the records and bundles are read beforehand (untimed), then each patient is timed engine
         * only and JSON to result, the two sides in alternating order. {@code into} null: a warm-up pass; {@code tally}
         * null: answers not counted (counting calls each engine once more, untimed).
         */
        void pass(List<Population.Patient> population, int batch, Timings into, Tally tally) {
            for (int from = 0; from < population.size(); from += batch) {
                List<Population.Patient> patients = population.subList(from, Math.min(population.size(), from + batch));
                List<PatientRecord> records = new ArrayList<>(patients.size());
                List<Bundle> bundles = new ArrayList<>(patients.size());
                for (Population.Patient p : patients) {
                    records.add(read(p));
                    bundles.add(parse(p));
                }
                for (int i = 0; i < patients.size(); i++) {
                    int n = from + i;
                    Population.Patient p = patients.get(i);
                    boolean oursFirst = n % 2 == 0;
                    PatientRecord record = records.get(i);
                    Bundle bundle = bundles.get(i);
                    long[] engineOnly = timeBoth(oursFirst, () -> ours(record).findings().size(),
                            () -> cql(bundle, p.id()).size());
                    if (tally != null) {
                        tally.add(cql(bundle, p.id()), ours(record));
                    }
                    long[] fromJson = timeBoth(oursFirst, () -> oursFromJson(p).length(), () -> cqlFromJson(p).size());
                    if (into != null) {
                        into.oursEngine()[n] = engineOnly[0];
                        into.cqlEngine()[n] = engineOnly[1];
                        into.oursJson()[n] = fromJson[0];
                        into.cqlJson()[n] = fromJson[1];
                    }
                }
            }
        }

        /** {ours, CQL} in nanoseconds, run in the order given. */
        private static long[] timeBoth(boolean oursFirst, Work ours, Work cql) {
            long[] t = new long[2];
            if (oursFirst) {
                t[0] = time(ours);
                t[1] = time(cql);
            } else {
                t[1] = time(cql);
                t[0] = time(ours);
            }
            return t;
        }

        private static long time(Work work) {
            long start = System.nanoTime();
            sink += work.run();
            return System.nanoTime() - start;
        }
    }

    private interface Work {
        int run();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
