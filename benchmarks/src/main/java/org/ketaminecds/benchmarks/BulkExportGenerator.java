package org.ketaminecds.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.io.file.PathUtils;
import org.ketaminecds.fhir.bulk.BulkExportFixture;
import org.ketaminecds.fhir.bulk.PopulationScreen;

/**
 * Makes a big FHIR Bulk Data export for the screening benchmarks (not for CI): the shared Synthea bundles as an
 * export (with the tests' {@link BulkExportFixture}), then copied until it holds {@code --patients} patients. Each
 * copy gets fresh ids — the first 8 hex digits of every UUID in a patient's lines become the copy number, so ids
 * and the references to them change together — and its dates shifted by a per-copy number of days (0 for the first
 * copy, then -730..0, from {@code --seed}); copies of one base patient are copies of the same life, moved in time. Resources that name no patient (Medication...) are written once and keep
 * their ids. Streams line by line; memory does not grow with the output.
 *
 * <p>By default only the types the screening maps are written ({@code --types screening}): what a screening job
 * would request with {@code $export?_type=...}. {@code --types all} keeps DiagnosticReport, DocumentReference,
 * Provenance... (about twice the bytes). Run from the repository root after {@code package}:
 *
 * <pre>java -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" org.ketaminecds.benchmarks.BulkExportGenerator \
 *     /tmp/bulk-100k --patients 100000 [--gzip] [--types screening|all|T,T,...] [--bundles DIR] [--seed 1]</pre>
 */
public final class BulkExportGenerator {

    /** The types the adapter maps into a record (ResourceMapper), and the Patient. */
    static final Set<String> SCREENING_TYPES = Set.of("Patient", "Condition", "Observation", "MedicationStatement",
            "MedicationRequest", "MedicationAdministration", "MedicationDispense", "Medication", "AllergyIntolerance",
            "Procedure", "Consent", "CarePlan", "Flag", "Encounter", "Organization", "Location", "PractitionerRole");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private BulkExportGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println("usage: BulkExportGenerator OUT_DIR [--patients N] [--gzip] [--types screening|all|T,...]"
                    + " [--bundles DIR] [--seed S]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int patients = 100_000;
        boolean gzip = false;
        String types = "screening";
        Path bundles = null;
        long seed = 1;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--patients" -> patients = Integer.parseInt(args[++i]);
                case "--gzip" -> gzip = true;
                case "--types" -> types = args[++i];
                case "--bundles" -> bundles = Path.of(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        Set<String> keep = switch (types) {
            case "screening" -> SCREENING_TYPES;
            case "all" -> null;
            default -> Set.of(types.split(","));
        };
        List<Path> bundleFiles = bundles == null ? BulkExportFixture.bundles(BulkExportFixture.SYNTHEA)
                : listBundles(bundles);
        long start = System.nanoTime();
        Map<String, long[]> written = generate(bundleFiles, out, patients, gzip, keep, seed);
        long lines = written.values().stream().mapToLong(c -> c[0]).sum();
        long bytes = written.values().stream().mapToLong(c -> c[1]).sum();
        System.out.printf(Locale.ROOT, "%s: %d patients, %d resources, %.1f MB of NDJSON in %d files, %.0f s%n", out,
                patients, lines, bytes / 1e6, written.size(), (System.nanoTime() - start) / 1e9);
    }

    /** Writes the export; per output type, {lines, characters}. */
    static Map<String, long[]> generate(List<Path> bundleFiles, Path out, int patients, boolean gzip,
                                        Set<String> keep, long seed) throws IOException {
        Files.createDirectories(out);
        Path base = Files.createTempDirectory("bulk-base-");
        try {
            BulkExportFixture.Export export = BulkExportFixture.of(bundleFiles).manifest(false).writeTo(base);
            // The base patients in order, and the ids of resources that name no patient (written once, kept).
            Map<String, Integer> patientIndex = new HashMap<>();
            for (String p : export.bundleByPatient().keySet()) {
                String id = p.substring("Patient/".length());
                if (!UUID.matcher(id).matches()) {
                    throw new IllegalArgumentException("patient ids must be UUIDs to be renumbered; " + p + " is not");
                }
                patientIndex.put(id, patientIndex.size());
            }
            Set<String> sharedIds = new HashSet<>();
            for (Path file : export.files()) {
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (PopulationScreen.patientOf(line) == null) {
                            sharedIds.add(JSON.readTree(line).path("id").asText());
                        }
                    }
                }
            }
            // The base in memory, each line cut at its UUIDs and dates once (tens of MB, whatever --patients is).
            List<Template> templates = new ArrayList<>();
            for (Path file : export.files()) {
                String type = file.getFileName().toString().replaceFirst("(-\\d+)?\\.ndjson$", "");
                if (keep != null && !keep.contains(type)) {
                    continue;
                }
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        String patient = PopulationScreen.patientOf(line);
                        Integer index = patient == null ? Integer.valueOf(-1) : patientIndex.get(patient);
                        if (index != null) {
                            templates.add(Template.of(type, index, line, sharedIds));
                        }
                    }
                }
            }
            int basePatients = patientIndex.size();
            int copies = (patients + basePatients - 1) / basePatients;
            int lastCopyPatients = patients - (copies - 1) * basePatients;
            SplittableRandom random = new SplittableRandom(seed);
            Map<String, Output> outputs = new TreeMap<>();
            StringBuilder buffer = new StringBuilder(1 << 16);
            try {
                for (int copy = 0; copy < copies; copy++) {
                    int days = copy == 0 ? 0 : -random.nextInt(731);
                    String prefix = String.format(Locale.ROOT, "%08x", copy);
                    for (Template t : templates) {
                        if (t.patient < 0) {
                            if (copy == 0) {
                                output(outputs, out, t.type, gzip).write(t.line);
                            }
                            continue;
                        }
                        if (copy == copies - 1 && t.patient >= lastCopyPatients) {
                            continue;
                        }
                        buffer.setLength(0);
                        t.render(buffer, prefix, days);
                        output(outputs, out, t.type, gzip).write(buffer);
                    }
                    if (copy % 50 == 49) {
                        System.err.printf(Locale.ROOT, "%d of %d copies%n", copy + 1, copies);
                    }
                }
            } finally {
                for (Output o : outputs.values()) {
                    o.close();
                }
            }
            writeManifest(out, outputs);
            Map<String, long[]> counts = new LinkedHashMap<>();
            outputs.forEach((t, o) -> counts.put(t, new long[] {o.lines, o.chars}));
            return counts;
        } finally {
            PathUtils.deleteDirectory(base);
        }
    }

    /** Fresh ids for this copy (every UUID but those of shared resources) and dates moved by {@code days}. */
    static String rewrite(String line, int copy, int days, Set<String> sharedIds) {
        StringBuilder b = new StringBuilder(line.length() + 16);
        Template.of("", 0, line, sharedIds).render(b, String.format(Locale.ROOT, "%08x", copy), days);
        return b.toString();
    }

    /**
     * One base line cut where copies differ: at each UUID (its first 8 hex digits become the copy number) and each
     * date (moved by the copy's days), found once with a hand-written scan.
     */
    static final class Template {
        final String type;
        final int patient;
        final String line;
        /** Offsets of the places to change, in order; a UUID's first 8 characters or a date's 10. */
        final int[] starts;
        /** For a date its epoch day, for a UUID {@link Long#MIN_VALUE}. */
        final long[] days;

        private Template(String type, int patient, String line, int[] starts, long[] days) {
            this.type = type;
            this.patient = patient;
            this.line = line;
            this.starts = starts;
            this.days = days;
        }

        static Template of(String type, int patient, String line, Set<String> sharedIds) {
            List<int[]> marks = new ArrayList<>();
            List<Long> epochDays = new ArrayList<>();
            int n = line.length();
            for (int i = 0; i < n; i++) {
                if (i + 36 <= n && isUuidAt(line, i)) {
                    if (!sharedIds.contains(line.substring(i, i + 36))) {
                        marks.add(new int[] {i});
                        epochDays.add(Long.MIN_VALUE);
                    }
                    i += 35;
                } else if (line.charAt(i) == '"' && i + 11 <= n && isDateAt(line, i + 1)) {
                    try {
                        long day = LocalDate.parse(line.substring(i + 1, i + 11)).toEpochDay();
                        marks.add(new int[] {i + 1});
                        epochDays.add(day);
                    } catch (DateTimeParseException e) {
                        // not a real date: leave it
                    }
                    i += 10;
                }
            }
            int[] starts = new int[marks.size()];
            long[] days = new long[marks.size()];
            for (int k = 0; k < starts.length; k++) {
                starts[k] = marks.get(k)[0];
                days[k] = epochDays.get(k);
            }
            return new Template(type, patient, line, starts, days);
        }

        void render(StringBuilder b, String prefix, int shift) {
            int last = 0;
            for (int k = 0; k < starts.length; k++) {
                int at = starts[k];
                if (days[k] == Long.MIN_VALUE) {
                    b.append(line, last, at).append(prefix);
                    last = at + 8;
                } else if (shift != 0) {
                    String moved = LocalDate.ofEpochDay(days[k] + shift).toString();
                    if (moved.length() == 10) {
                        b.append(line, last, at).append(moved);
                        last = at + 10;
                    }
                }
            }
            b.append(line, last, line.length());
        }

        private static boolean isUuidAt(String s, int i) {
            if (s.charAt(i + 8) != '-' || s.charAt(i + 13) != '-' || s.charAt(i + 18) != '-' || s.charAt(i + 23) != '-') {
                return false;
            }
            for (int k = 0; k < 36; k++) {
                if (k == 8 || k == 13 || k == 18 || k == 23) {
                    continue;
                }
                char c = s.charAt(i + k);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                    return false;
                }
            }
            return (i == 0 || !isHex(s.charAt(i - 1))) && (i + 36 == s.length() || !isHex(s.charAt(i + 36)));
        }

        private static boolean isHex(char c) {
            return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
        }

        private static boolean isDateAt(String s, int i) {
            return digits(s, i, 4) && s.charAt(i + 4) == '-' && digits(s, i + 5, 2) && s.charAt(i + 7) == '-'
                    && digits(s, i + 8, 2);
        }

        private static boolean digits(String s, int from, int count) {
            for (int k = from; k < from + count; k++) {
                char c = s.charAt(k);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }
    }

    private static Output output(Map<String, Output> outputs, Path dir, String type, boolean gzip) throws IOException {
        Output o = outputs.get(type);
        if (o == null) {
            o = new Output(dir.resolve(type + ".ndjson" + (gzip ? ".gz" : "")), gzip);
            outputs.put(type, o);
        }
        return o;
    }

    private static void writeManifest(Path out, Map<String, Output> outputs) throws IOException {
        ObjectNode status = JSON.createObjectNode();
        status.put("transactionTime", "2026-03-01T00:00:00Z");
        status.put("request", "https://bulk.example.org/fhir/$export?_type=" + String.join(",", outputs.keySet()));
        status.put("requiresAccessToken", false);
        ArrayNode output = status.putArray("output");
        outputs.forEach((type, o) -> output.addObject().put("type", type)
                .put("url", BulkExportFixture.BASE_URL + o.file.getFileName()).put("count", o.lines));
        status.putArray("error");
        Files.writeString(out.resolve("manifest.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(status) + "\n");
    }

    private static List<Path> listBundles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    /** One output file; gzip at the fastest level (the benchmark input, not an archive). */
    private static final class Output {
        final Path file;
        final Writer writer;
        long lines;
        long chars;

        Output(Path file, boolean gzip) throws IOException {
            this.file = file;
            OutputStream os = Files.newOutputStream(file);
            if (gzip) {
                os = new GZIPOutputStream(os, 1 << 16) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                };
            }
            this.writer = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
        }

        void write(CharSequence line) throws IOException {
            writer.append(line);
            writer.write('\n');
            lines++;
            chars += line.length() + 1;
        }

        void close() throws IOException {
            writer.close();
        }
    }
}
