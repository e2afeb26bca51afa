package org.ketaminecds.benchmarks.cql;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.Outcome;
import org.ketaminecds.core.Severity;

/**
 * The benchmark compares two engines only if they answer the same questions alike: on the example patients and the
 * first generated ones, the CQL library's answers against the findings of our candidacy rules that ask the same
 * question. A mismatch names the patient and the question.
 */
class EnginesAgreeTest {

    private static final Path EXAMPLES = Path.of("../../samples/cli/examples");
    private static final Instant EXAMPLES_AS_OF = Instant.parse("2026-03-01T08:50:00Z");
    private static final Instant POPULATION_AS_OF = Instant.parse("2025-06-01T00:00:00Z");

    @Test
    void examplePatients_sameAnswers() throws IOException {
        List<Population.Patient> examples = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                examples.add(example(f.getFileName().toString()));
            }
        }
        List<String> mismatches = compare(examples, EXAMPLES_AS_OF);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void generatedPatients_sameAnswers() {
        List<String> mismatches = compare(Population.generate(40, 1), POPULATION_AS_OF);
        assertThat(mismatches).isEmpty();
    }

    /** The comparison is not of empty answers: the examples say yes where the rules do. */
    @Test
    void aneurysmExample_bothSeeTheAneurysm() throws IOException {
        Population.Patient p = example("aneurysm.json");
        SideBySide.Sides sides = sides(List.of(p.bundleJson()), EXAMPLES_AS_OF);
        assertThat(sides.cqlFromJson(p).get("Aneurysm present")).isEqualTo(true);
        assertThat(fired(sides.ours(sides.read(p)), "KET-CONTRA-001")).isTrue();
    }

    @Test
    void eligibleTrdExample_bothCountTwoFailedTrials() throws IOException {
        Population.Patient p = example("eligible-trd.json");
        SideBySide.Sides sides = sides(List.of(p.bundleJson()), EXAMPLES_AS_OF);
        Map<String, Object> cql = sides.cqlFromJson(p);
        assertThat(cql.get("Treatment resistant")).isEqualTo(true);
        assertThat(cql.get("Qualifying depressive diagnosis")).isEqualTo(true);
        assertThat(fired(sides.ours(sides.read(p)), "KET-CAND-002", Severity.INFO)).isTrue();
    }

    private static Population.Patient example(String file) throws IOException {
        String json = Files.readString(EXAMPLES.resolve(file));
        return new Population.Patient(patientId(json), json);
    }

    private static List<String> compare(List<Population.Patient> patients, Instant asOf) {
        SideBySide.Sides sides = sides(patients.stream().map(Population.Patient::bundleJson).toList(), asOf);
        List<String> mismatches = new ArrayList<>();
        for (Population.Patient p : patients) {
            Map<String, Object> cql = sides.cqlFromJson(p);
            Assessment ours = sides.ours(sides.read(p));
            boolean assessedDiagnoses = ours.findings().stream()
                    .noneMatch(f -> f.ruleId().equals("KET-CAND-001") && f.outcome() == Outcome.CANNOT_ASSESS);
            if (assessedDiagnoses) {
                same(mismatches, p, "Qualifying depressive diagnosis", cql, !fired(ours, "KET-CAND-001"));
            }
            same(mismatches, p, "Aneurysm present", cql, fired(ours, "KET-CONTRA-001"));
            same(mismatches, p, "AVM present", cql, fired(ours, "KET-CONTRA-002", Severity.CRITICAL));
            same(mismatches, p, "Under 18", cql, fired(ours, "KET-CAND-006"));
            same(mismatches, p, "Treatment resistant", cql, fired(ours, "KET-CAND-002", Severity.INFO));
            // One class is a warning; two or more, opioid with benzodiazepine among them, critical.
            int classes = (Integer) cql.get("CNS depressant classes");
            same(mismatches, p, "CNS depressant classes > 0", classes > 0, fired(ours, "KET-CONTRA-018"));
            same(mismatches, p, "CNS depressant classes >= 2", classes >= 2,
                    fired(ours, "KET-CONTRA-018", Severity.CRITICAL));
            if (Boolean.TRUE.equals(cql.get("Opioid with benzodiazepine"))) {
                same(mismatches, p, "Opioid with benzodiazepine", true, fired(ours, "KET-CONTRA-018", Severity.CRITICAL));
            }
            same(mismatches, p, "Screening BP above do-not-dose tier", Boolean.TRUE.equals(
                    cql.get("Screening BP above do-not-dose tier")), fired(ours, "KET-CONTRA-007", Severity.CRITICAL));
            if (Boolean.TRUE.equals(cql.get("PHQ-9 supports treatment"))) {
                same(mismatches, p, "PHQ-9 supports treatment", true, fired(ours, "KET-CAND-003", Severity.INFO));
            }
        }
        return mismatches;
    }

    private static SideBySide.Sides sides(List<String> bundles, Instant asOf) {
        Set<String> codings = new HashSet<>();
        bundles.forEach(b -> ValueSetExpansions.collectCodings(b, codings));
        return new SideBySide.Sides(asOf, codings);
    }

    private static void same(List<String> mismatches, Population.Patient p, String question, Map<String, Object> cql,
                             boolean ours) {
        same(mismatches, p, question, Boolean.TRUE.equals(cql.get(question)), ours);
    }

    private static void same(List<String> mismatches, Population.Patient p, String question, boolean cql, boolean ours) {
        if (cql != ours) {
            mismatches.add("Patient/" + p.id() + ": " + question + ": CQL " + cql + ", ours " + ours);
        }
    }

    private static boolean fired(Assessment a, String ruleId) {
        return a.findings().stream().anyMatch(f -> f.ruleId().equals(ruleId) && f.outcome() == Outcome.FIRED);
    }

    private static boolean fired(Assessment a, String ruleId, Severity severity) {
        return a.findings().stream().anyMatch(f -> f.ruleId().equals(ruleId) && f.outcome() == Outcome.FIRED
                && f.severity() == severity);
    }

    private static String patientId(String json) {
        Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, json);
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Patient.class::isInstance).findFirst().orElseThrow().getIdElement().getIdPart();
    }
}
