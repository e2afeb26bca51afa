package org.ketaminecds.fhir.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.ketaminecds.fhir.SharedData;

/**
 * Test data: turns patient Bundles (Synthea's, from the shared data) into a FHIR Bulk Data export folder, as a
 * server's {@code $export} would write it: one {@code <Type>.ndjson} per resource type (split into
 * {@code <Type>-2.ndjson}... past {@link Builder#linesPerFile}), optionally gzipped, plus the status response's
 * manifest ({@code manifest.json}). {@code urn:uuid:} references are rewritten to {@code Type/id}; resources that
 * several Bundles share (the same Organization) are written once. Published in fhir-adapter's test-jar for the
 * command-line and Spark tests: {@code <type>test-jar</type><scope>test</scope>}. The data itself stays in
 * {@code ../shared/data}; nothing is copied into the repository.
 *
 * <pre>{@code
 * BulkExportFixture.Export export = BulkExportFixture.of(BulkExportFixture.testBundles()).writeTo(tempDir);
 * export.dir();                  // the folder to screen
 * export.bundleOf("Patient/x");  // the Bundle that patient came from, to compare with
 * }</pre>
 */
public final class BulkExportFixture {

    /** The Synthea 3.3.0 bundles (139 patients, ~100 MB). */
    public static final String SYNTHEA = "external-fhir/synthea-3.3.0-generated";
    /** SMART Health IT's pre-generated Synthea sample (34 patients; has Organization and Practitioner entries). */
    public static final String SMART = "external-fhir/smart-on-fhir-generated-sample-data-r4";
    /** Where the manifest says the files are; only the last segment (the file name) is used by readers. */
    public static final String BASE_URL = "https://bulk.example.org/fhir/bulkfiles/";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Types that name no patient; written once however many Bundles hold them. */
    private static final Set<String> SHARED_TYPES = Set.of("Medication", "Organization", "Location", "Practitioner",
            "PractitionerRole");
    /**
     * A handful of Synthea bundles for unit tests: small ones, of every selection category of the data's
     * index.csv (PHQ-9 positive, other, substance use, depression with and without fluoxetine).
     */
    private static final List<String> TEST_SYNTHEA = List.of(
            "Elvis145_Hayes766_597db984-f114-3f5b-f181-ed928a49f7e5.json",
            "Alida395_Kris249_70ed9234-54eb-81d7-7ecb-fc6049ecadbc.json",
            "Norbert530_Terry864_0358917e-0814-6a7a-37e1-33dec840891d.json",
            "Duncan491_Carroll471_86cecbcd-fe44-b20c-4bf3-f88a4b810490.json",
            "Billie243_Williamson769_432109c1-9373-3ab4-1d2c-3c21adc62162.json");

    private BulkExportFixture() {
    }

    /** An export of these Bundles (each one patient's), in this order. */
    public static Builder of(List<Path> bundles) {
        return new Builder(bundles);
    }

    /** Every Bundle of a shared-data folder ({@link #SYNTHEA}, {@link #SMART}), by file name. */
    public static List<Path> bundles(String sharedFolder) {
        try (Stream<Path> files = Files.list(SharedData.dir(sharedFolder))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Five small, varied Synthea bundles plus the smallest SMART sample bundle (it has Organizations). */
    public static List<Path> testBundles() {
        Path synthea = SharedData.dir(SYNTHEA);
        List<Path> chosen = new ArrayList<>();
        for (String name : TEST_SYNTHEA) {
            Path bundle = synthea.resolve(name);
            if (!Files.isRegularFile(bundle)) {
                throw new AssertionError("the shared Synthea data lacks " + bundle);
            }
            chosen.add(bundle);
        }
        chosen.add(smallest(bundles(SMART)));
        return chosen;
    }

    private static Path smallest(List<Path> files) {
        return files.stream().min((a, b) -> Long.compare(size(a), size(b))).orElseThrow();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One Bundle's resources as NDJSON lines by type: compact JSON, {@code urn:uuid:} references rewritten to
     * {@code Type/id}, the id set from {@code fullUrl} when the resource has none.
     */
    public static Map<String, List<String>> linesByType(Path bundle) {
        JsonNode root;
        try {
            root = JSON.readTree(bundle.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> idByFullUrl = new HashMap<>();
        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode entry : root.path("entry")) {
            JsonNode r = entry.get("resource");
            if (r == null || !r.isObject()) {
                continue;
            }
            ObjectNode resource = (ObjectNode) r;
            String type = resource.path("resourceType").asText();
            String fullUrl = entry.path("fullUrl").asText(null);
            if (!resource.hasNonNull("id") && fullUrl != null) {
                resource.put("id", fullUrl.substring(fullUrl.lastIndexOf(fullUrl.startsWith("urn:") ? ':' : '/') + 1));
            }
            if (fullUrl != null && resource.hasNonNull("id")) {
                idByFullUrl.put(fullUrl, type + "/" + resource.get("id").asText());
            }
            resources.add(resource);
        }
        Map<String, List<String>> byType = new LinkedHashMap<>();
        for (ObjectNode resource : resources) {
            rewriteReferences(resource, idByFullUrl);
            byType.computeIfAbsent(resource.path("resourceType").asText(), t -> new ArrayList<>()).add(resource.toString());
        }
        return byType;
    }

    private static void rewriteReferences(JsonNode node, Map<String, String> idByFullUrl) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if ("reference".equals(field.getKey()) && field.getValue().isTextual()) {
                    String target = idByFullUrl.get(field.getValue().asText());
                    if (target != null) {
                        field.setValue(object.textNode(target));
                    }
                } else {
                    rewriteReferences(field.getValue(), idByFullUrl);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> rewriteReferences(child, idByFullUrl));
        }
    }

    /**
     * A written export.
     *
     * @param dir              the export folder
     * @param files            the NDJSON files in it, in manifest order
     * @param bundleByPatient  {@code Patient/<id>} to the Bundle it came from, in Bundle order
     * @param lines            resource lines written
     */
    public record Export(Path dir, List<Path> files, Map<String, Path> bundleByPatient, long lines) {

        /** The patients, {@code Patient/<id>}, sorted as results.ndjson sorts them. */
        public List<String> patients() {
            return bundleByPatient.keySet().stream().sorted().toList();
        }

        public Path bundleOf(String patient) {
            return Objects.requireNonNull(bundleByPatient.get(patient), patient);
        }
    }

    /** How to write the export. */
    public static final class Builder {
        private final List<Path> bundles;
        private boolean gzip;
        private boolean manifest = true;
        private int linesPerFile = Integer.MAX_VALUE;

        private Builder(List<Path> bundles) {
            this.bundles = List.copyOf(bundles);
        }

        /** {@code .ndjson.gz} files instead of {@code .ndjson}. */
        public Builder gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        /** Whether to write {@code manifest.json}; default yes. */
        public Builder manifest(boolean manifest) {
            this.manifest = manifest;
            return this;
        }

        /** Start {@code <Type>-2.ndjson} after this many lines, and so on, as servers split big exports. */
        public Builder linesPerFile(int lines) {
            this.linesPerFile = lines;
            return this;
        }

        /** Writes the export into {@code dir} (created when missing). */
        public Export writeTo(Path dir) {
            try {
                return write(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Export write(Path dir) throws IOException {
            Files.createDirectories(dir);
            Map<String, TypeWriter> writers = new TreeMap<>();
            Map<String, Path> bundleByPatient = new LinkedHashMap<>();
            Set<String> sharedWritten = new HashSet<>();
            long lines = 0;
            try {
                for (Path bundle : bundles) {
                    for (Map.Entry<String, List<String>> e : linesByType(bundle).entrySet()) {
                        String type = e.getKey();
                        TypeWriter w = writers.computeIfAbsent(type, t -> new TypeWriter(dir, t, gzip, linesPerFile));
                        for (String line : e.getValue()) {
                            if (SHARED_TYPES.contains(type) && !sharedWritten.add(type + "/" + JSON.readTree(line).path("id").asText())) {
                                continue;
                            }
                            if ("Patient".equals(type)) {
                                bundleByPatient.put("Patient/" + JSON.readTree(line).path("id").asText(), bundle);
                            }
                            w.write(line);
                            lines++;
                        }
                    }
                }
            } finally {
                for (TypeWriter w : writers.values()) {
                    w.close();
                }
            }
            List<Path> files = new ArrayList<>();
            ObjectNode status = JSON.createObjectNode();
            status.put("transactionTime", "2026-03-01T00:00:00Z");
            status.put("request", "https://bulk.example.org/fhir/$export");
            status.put("requiresAccessToken", false);
            ArrayNode output = status.putArray("output");
            for (TypeWriter w : writers.values()) {
                for (int i = 0; i < w.files.size(); i++) {
                    Path file = w.files.get(i);
                    files.add(file);
                    output.addObject().put("type", w.type).put("url", BASE_URL + file.getFileName())
                            .put("count", w.counts.get(i));
                }
            }
            status.putArray("error");
            if (manifest) {
                Files.writeString(dir.resolve("manifest.json"),
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(status) + "\n");
            }
            return new Export(dir, Collections.unmodifiableList(files), Collections.unmodifiableMap(bundleByPatient), lines);
        }
    }

    /** The files of one type: Type.ndjson, Type-2.ndjson... */
    private static final class TypeWriter {
        final Path dir;
        final String type;
        final boolean gzip;
        final int linesPerFile;
        final List<Path> files = new ArrayList<>();
        final List<Integer> counts = new ArrayList<>();
        Writer out;
        int inFile;

        TypeWriter(Path dir, String type, boolean gzip, int linesPerFile) {
            this.dir = dir;
            this.type = type;
            this.gzip = gzip;
            this.linesPerFile = linesPerFile;
        }

        void write(String line) throws IOException {
            if (out == null || inFile >= linesPerFile) {
                close();
                Path file = dir.resolve(type + (files.isEmpty() ? "" : "-" + (files.size() + 1)) + ".ndjson"
                        + (gzip ? ".gz" : ""));
                OutputStream os = Files.newOutputStream(file);
                out = new OutputStreamWriter(gzip ? new GZIPOutputStream(os, 1 << 16) : os, StandardCharsets.UTF_8);
                files.add(file);
                counts.add(0);
                inFile = 0;
            }
            out.write(line);
            out.write('\n');
            inFile++;
            counts.set(counts.size() - 1, inFile);
        }

        void close() throws IOException {
            if (out != null) {
                out.close();
                out = null;
            }
        }
    }
}
