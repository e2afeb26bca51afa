package org.ketaminecds.benchmarks.cql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;
import org.ketaminecds.benchmarks.BulkExportGenerator;
import org.ketaminecds.fhir.bulk.PopulationScreen;

/**
 * The generated patients both engines read: {@link BulkExportGenerator}'s export of the shared Synthea bundles (fixed
 * seed, so every run reads the same patients), turned back into one FHIR R4 Bundle per patient. A bundle holds the
 * patient's lines and the shared resources they reference (Medication, Organization...), as an EHR would hand them.
 */
final class Population {

    /** A patient and its Bundle JSON. */
    record Patient(String id, String bundleJson) {
    }

    private static final Pattern REFERENCE = Pattern.compile("\"reference\"\\s*:\\s*\"([A-Za-z]+/[^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private Population() {
    }

    /** {@code patients} patients of the export made with {@code seed}; the generator's first 26 s per 1,000. */
    static List<Patient> generate(int patients, long seed) {
        Path export = null;
        try {
            export = Files.createTempDirectory("cql-population-");
            BulkExportGenerator.main(new String[] {export.toString(), "--patients", Integer.toString(patients),
                    "--seed", Long.toString(seed)});
            return read(export);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate the population in " + export, e);
        } finally {
            if (export != null) {
                try {
                    PathUtils.deleteDirectory(export);
                } catch (IOException ignored) {
                    // a temp folder left behind is not worth failing the run for
                }
            }
        }
    }

    /** One bundle per patient of a Bulk export folder, in the order the export first names them. */
    static List<Patient> read(Path export) throws IOException {
        Map<String, List<String>> byPatient = new LinkedHashMap<>();
        Map<String, String> shared = new HashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(export)) {
            files = s.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList();
        }
        for (Path file : files) {
            String type = file.getFileName().toString().replaceFirst("(-\\d+)?\\.ndjson$", "");
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String patient = PopulationScreen.patientOf(line);
                    if (patient == null) {
                        Matcher id = ID.matcher(line);
                        if (id.find()) {
                            shared.put(type + "/" + id.group(1), line);
                        }
                    } else {
                        byPatient.computeIfAbsent(patient, k -> new ArrayList<>()).add(line);
                    }
                }
            }
        }
        List<Patient> out = new ArrayList<>(byPatient.size());
        byPatient.forEach((id, lines) -> out.add(new Patient(id, bundle(lines, shared))));
        return out;
    }

    private static String bundle(List<String> lines, Map<String, String> shared) {
        Set<String> referenced = new LinkedHashSet<>();
        for (String line : lines) {
            Matcher m = REFERENCE.matcher(line);
            while (m.find()) {
                if (shared.containsKey(m.group(1))) {
                    referenced.add(m.group(1));
                }
            }
        }
        StringBuilder b = new StringBuilder(lines.stream().mapToInt(String::length).sum() + 64 * lines.size());
        b.append("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
        String separator = "";
        for (String line : lines) {
            b.append(separator).append("{\"resource\":").append(line).append('}');
            separator = ",";
        }
        for (String key : referenced) {
            b.append(separator).append("{\"resource\":").append(shared.get(key)).append('}');
        }
        return b.append("]}").toString();
    }
}
