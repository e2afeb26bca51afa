package org.ketaminecds.samples.cli.workbench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.fhir.Scenario;
import org.ketaminecds.fhir.ScenarioSuite;

/**
 * The records a person can pick in "try a patient": the bundles of {@code --patients DIR}, the command's examples
 * (in the jar) and the package's scenario patients, each with the mode, as-of, product and route it is meant for when
 * it has them (a scenario does).
 */
final class Patients {

    /** Where the build puts samples/cli/examples in the jar. */
    static final String EXAMPLES = "workbench/examples/";
    static final List<String> EXAMPLE_FILES =
            List.of("aneurysm.json", "dosing-day-stale-vitals.json", "eligible-trd.json", "unrecognised-medications.json");

    /**
     * One record to pick.
     *
     * @param id      how the page asks for it ({@code example:aneurysm.json})
     * @param group   {@code examples}, {@code patients} or {@code scenarios}
     * @param label   what the list shows
     * @param mode    the mode it is meant for ({@code PRE_DOSE}), or {@code null}
     * @param asOf    its as-of (ISO-8601), or {@code null}
     * @param product its planned product, or {@code null}
     * @param route   its planned route, or {@code null}
     */
    record Choice(String id, String group, String label, String mode, String asOf, String product, String route) {
    }

    private final Path folder;
    private final Supplier<KnowledgePackage> inUse;
    /** The scenarios of the package in use, read again when the edit loop loads a new one. */
    private KnowledgePackage readFrom;
    private Map<String, Scenario> scenarios = Map.of();

    Patients(Path folder, Supplier<KnowledgePackage> inUse) {
        this.folder = folder;
        this.inUse = inUse;
    }

    private synchronized Map<String, Scenario> scenarios() {
        KnowledgePackage pkg = inUse.get();
        if (pkg != readFrom) {
            Map<String, Scenario> byId = new LinkedHashMap<>();
            ScenarioSuite.of(pkg).scenarios().forEach(s -> byId.put("scenario:" + s.file(), s));
            scenarios = byId;
            readFrom = pkg;
        }
        return scenarios;
    }

    List<Choice> choices() {
        List<Choice> out = new ArrayList<>();
        EXAMPLE_FILES.forEach(f -> out.add(new Choice("example:" + f, "examples", f, null, null, null, null)));
        for (Path p : folderFiles()) {
            out.add(new Choice("patients:" + p.getFileName(), "patients", p.getFileName().toString(), null, null, null,
                    null));
        }
        scenarios().forEach((id, s) -> out.add(new Choice(id, "scenarios", s.file() + " — " + s.name(), s.mode().name(),
                s.asOf().toString(), s.product() == null ? null : s.product().name(),
                s.route() == null ? null : s.route().name())));
        return out;
    }

    /**
     * The bundle's JSON text.
     *
     * @throws IllegalArgumentException for an id that names no record of the lists
     */
    String bundle(String id) {
        if (id.startsWith("example:") && EXAMPLE_FILES.contains(id.substring("example:".length()))) {
            try (InputStream in = Patients.class.getClassLoader()
                    .getResourceAsStream(EXAMPLES + id.substring("example:".length()))) {
                if (in != null) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (id.startsWith("patients:")) {
            String name = id.substring("patients:".length());
            // Only a file the list offered: never a path the page made up.
            for (Path p : folderFiles()) {
                if (p.getFileName().toString().equals(name)) {
                    try {
                        return Files.readString(p, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new IllegalArgumentException(name + ": cannot be read (" + e.getMessage() + ")");
                    }
                }
            }
        }
        Scenario s = scenarios().get(id);
        if (s != null) {
            return s.bundleJson();
        }
        throw new IllegalArgumentException("no patient '" + id + "' in the lists");
    }

    private List<Path> folderFiles() {
        if (folder == null || !Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p)).sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
