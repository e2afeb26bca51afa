package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.DataGap;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.MedicationEntry;
import org.ketaminecds.core.record.PatientRecord;

/**
 * Knowledge-base §2.5, "an unmapped medication code is a data gap, not a silent miss", over every shared bundle
 * (Synthea, the SMART sample, the eCQM test cases, the US Core medication examples): every current medication without
 * an RxNorm or NDC code, and every one whose name names a drug of a medication value set, is either recognised by a
 * code of the package or a data gap of its own, and no other medication is. The expectation is worked out here from
 * the package's files, apart from the engine. Each bundle is evaluated as of the day after its latest medication
 * entry, so that its newest prescriptions and dispenses are current.
 */
class SharedDataMedicationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PACKAGE = SharedData.repositoryRoot().resolve("rules/src/main/resources/org/ketaminecds/rules");
    private static final Set<String> MEDICATION_SYSTEMS = Set.of(Coding.RXNORM, Coding.NDC);
    private static final Pattern GAP_IDS = Pattern.compile("Medication(?:Statement|Request|Administration|Dispense)/[^,\\s]+");
    private static final String[] US_CORE_MEDICATIONS = {"medicationrequest-coded-oral-axid.json",
            "medicationrequest-contained-oral-axid.json", "medicationrequest-referenced-oral-axid.json", "uscore-med1.json",
            "uscore-med2.json", "medicationrequest-self-tylenol.json", "medicationdispense-example.json"};

    /** One current medication of one bundle, and what became of it. */
    private record Current(String source, String id, List<Coding> codes, boolean expectedGap, boolean gap) {
    }

    /** Codes the package has (value sets, concept maps) and the names of its medication codes. */
    private static final Set<String> KNOWN = new HashSet<>();
    private static final List<String> NDC_PREFIXES = new ArrayList<>();
    private static final Set<String> NAMES = new TreeSet<>();
    private static final List<Current> CURRENT = new ArrayList<>();
    private static final List<String> UNEXPECTED = new ArrayList<>();
    private static final Map<String, Integer> BUNDLES = new TreeMap<>();

    @BeforeAll
    static void evaluateEverySharedBundle() throws Exception {
        readPackage();
        CdsEngine engine = CdsEngine.builder().build();
        FhirRecordReader reader = FhirRecordReader.create();
        Map<String, List<Path>> sources = new TreeMap<>();
        sources.put("Synthea", jsonFiles(SharedData.dir("external-fhir/synthea-3.3.0-generated"), 1));
        sources.put("SMART", jsonFiles(SharedData.dir("external-fhir/smart-on-fhir-generated-sample-data-r4"), 1));
        sources.put("eCQM", jsonFiles(SharedData.dir("external-fhir/ecqm-content-qicore-2025"), 3).stream()
                .filter(SharedDataMedicationsTest::isBundle).toList());
        for (Map.Entry<String, List<Path>> source : sources.entrySet()) {
            for (Path file : source.getValue()) {
                check(source.getKey(), reader.read(file), engine);
            }
            BUNDLES.put(source.getKey(), source.getValue().size());
        }
        check("US Core", reader.read(UsCoreExamplesMappingTest.bundleWithPatient(US_CORE_MEDICATIONS), "us-core-examples"), engine);
        BUNDLES.put("US Core", 1);
    }

    @Test
    void evaluate_everySharedBundle_noCurrentMedicationSilentlyDropped_andNoGapWithoutCause() {
        assertThat(BUNDLES).containsKeys("Synthea", "SMART", "eCQM", "US Core");
        assertThat(BUNDLES.get("Synthea") + BUNDLES.get("SMART") + BUNDLES.get("eCQM")).isEqualTo(139 + 34 + 113);
        assertThat(CURRENT).as("the shared data has current medications to check").hasSizeGreaterThan(300);
        assertThat(CURRENT).filteredOn(c -> c.expectedGap() != c.gap())
                .as("current medications whose gap is missing (or is there without cause)").isEmpty();
        assertThat(UNEXPECTED).as("gaps naming no current medication").isEmpty();
    }

    /** The numbers for the issue: current medication codes the package does not map, by system, and the gaps. */
    @Test
    void evaluate_everySharedBundle_reportsUnmappedCodesBySystem() {
        Map<String, int[]> bySystem = new TreeMap<>(); // system -> {current codings not mapped, distinct, of them gaps}
        Map<String, Set<String>> distinct = new TreeMap<>();
        for (Current c : CURRENT) {
            for (Coding coding : c.codes()) {
                if (!known(coding)) {
                    int[] n = bySystem.computeIfAbsent(String.valueOf(coding.system()), k -> new int[2]);
                    n[0]++;
                    n[1] += c.gap() ? 1 : 0;
                    distinct.computeIfAbsent(String.valueOf(coding.system()), k -> new TreeSet<>()).add(coding.code());
                }
            }
        }
        StringBuilder report = new StringBuilder("Current medications in the shared data: " + CURRENT.size() + " in "
                + BUNDLES + " bundles; " + CURRENT.stream().filter(Current::gap).count() + " data gaps.\n");
        bySystem.forEach((system, n) -> report.append("  ").append(system).append(": ").append(n[0])
                .append(" current codings not mapped (").append(distinct.get(system).size()).append(" distinct codes), ")
                .append(n[1]).append(" of them data gaps\n"));
        System.out.print(report);
        assertThat(CURRENT.stream().filter(Current::gap).count())
                .isEqualTo(CURRENT.stream().filter(Current::expectedGap).count());
    }

    // --- the expectation, from the package's files ----------------------------------------------------------------

    private static void check(String source, PatientRecord record, CdsEngine engine) {
        Instant asOf = record.medications().stream().map(m -> m.authoredOn() != null ? m.authoredOn() : m.start())
                .filter(t -> t != null).max(Instant::compareTo).orElse(Instant.parse("2026-03-01T00:00:00Z"))
                .plus(1, ChronoUnit.DAYS);
        Assessment a = engine.evaluate(record, EvaluationContext.of(Mode.CANDIDACY, asOf));
        Set<String> gapIds = new TreeSet<>();
        for (DataGap g : a.dataGaps()) {
            if (g.unrecognisedMedication()) {
                Matcher ids = GAP_IDS.matcher(g.reason().substring(0, g.reason().indexOf(g.reason().contains(" '") ? " '" : " (")));
                while (ids.find()) {
                    gapIds.add(ids.group());
                }
            }
        }
        Set<String> current = new HashSet<>();
        for (MedicationEntry m : record.medications()) {
            if (current(m, asOf)) {
                current.add(m.id());
                boolean known = m.codes().stream().anyMatch(SharedDataMedicationsTest::known);
                boolean standard = m.codes().stream().anyMatch(c -> MEDICATION_SYSTEMS.contains(c.system()));
                boolean expected = !known && (!standard || namesADrug(m));
                CURRENT.add(new Current(source, m.id(), m.codes(), expected, gapIds.contains(m.id())));
            }
        }
        gapIds.stream().filter(id -> !current.contains(id)).forEach(id -> UNEXPECTED.add(source + " " + record.patientId() + " " + id));
    }

    /** Current as docs/clinical-choices.md says, for each kind of medication resource. */
    private static boolean current(MedicationEntry m, Instant asOf) {
        String status = String.valueOf(m.status());
        return switch (m.kind()) {
            case STATEMENT -> status.equals("active") && notAfter(m.start(), asOf) && (m.end() == null || !m.end().isBefore(asOf));
            case REQUEST -> status.equals("active") && notAfter(m.authoredOn() != null ? m.authoredOn() : m.start(), asOf)
                    && (m.end() == null || !m.end().isBefore(asOf));
            case ADMINISTRATION -> {
                Instant given = m.end() != null ? m.end() : m.start();
                yield (status.equals("completed") || status.equals("in-progress")) && notAfter(m.start(), asOf)
                        && (status.equals("in-progress") || given == null || !given.isBefore(asOf.minus(Duration.ofDays(14))));
            }
            case DISPENSE -> {
                double days = m.daysSupply() != null && m.daysSupply().value() != null ? m.daysSupply().value() : 30;
                yield (status.equals("completed") || status.equals("in-progress")) && notAfter(m.start(), asOf)
                        && (m.start() == null || !m.start().plusSeconds(Math.round(days * 86_400)).isBefore(asOf));
            }
        };
    }

    private static boolean notAfter(Instant t, Instant asOf) {
        return t == null || !t.isAfter(asOf);
    }

    private static boolean known(Coding c) {
        if (KNOWN.contains(c.system() + "|" + c.code())) {
            return true;
        }
        return Coding.NDC.equals(c.system()) && NDC_PREFIXES.stream().anyMatch(p -> c.code().startsWith(p));
    }

    private static boolean namesADrug(MedicationEntry m) {
        StringBuilder text = new StringBuilder(m.text() == null ? "" : m.text());
        m.codes().forEach(c -> text.append(" | ").append(c.display() == null ? "" : c.display()));
        String lower = text.toString().toLowerCase(Locale.ROOT);
        return NAMES.stream().anyMatch(n -> Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(n) + "(?![\\p{L}\\p{N}])")
                .matcher(lower).find());
    }

    private static void readPackage() throws IOException {
        for (Path file : jsonFiles(PACKAGE.resolve("valuesets"), 1)) {
            JsonNode vs = JSON.readTree(file.toFile());
            for (JsonNode include : vs.path("compose").path("include")) {
                String system = include.path("system").asText();
                for (JsonNode concept : include.path("concept")) {
                    KNOWN.add(system + "|" + concept.path("code").asText());
                    if (MEDICATION_SYSTEMS.contains(system) && concept.hasNonNull("display")) {
                        NAMES.add(concept.path("display").asText().toLowerCase(Locale.ROOT));
                    }
                }
                for (JsonNode filter : include.path("filter")) {
                    if (Coding.NDC.equals(system)) {
                        NDC_PREFIXES.add(filter.path("value").asText());
                    }
                }
            }
            assertThat(vs.has("expansion")).as(file + ": this oracle reads compose only").isFalse();
        }
        for (Path file : jsonFiles(PACKAGE.resolve("conceptmaps"), 1)) {
            for (JsonNode group : JSON.readTree(file.toFile()).path("group")) {
                group.path("element").forEach(e -> KNOWN.add(group.path("source").asText() + "|" + e.path("code").asText()));
            }
        }
    }

    private static List<Path> jsonFiles(Path dir, int depth) throws IOException {
        try (Stream<Path> files = Files.walk(dir, depth)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    /** An eCQM test case's patient Bundle (its folder also holds the same resources one per file). */
    private static boolean isBundle(Path file) {
        try {
            return file.getParent().getParent().getParent().getFileName().toString().startsWith("ecqm")
                    && "Bundle".equals(JSON.readTree(file.toFile()).path("resourceType").asText());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
