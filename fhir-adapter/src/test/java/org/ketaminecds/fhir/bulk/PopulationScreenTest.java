package org.ketaminecds.fhir.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.DataGap;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Disposition;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.SharedData;
import org.ketaminecds.fhir.cdshooks.CdsHooksRequests;
import org.ketaminecds.fhir.cdshooks.CdsHooksService;
import org.ketaminecds.fhir.cdshooks.PrefetchFetcher;

class PopulationScreenTest {

    private static final Instant AS_OF = Instant.parse("2025-06-01T00:00:00Z");
    private static CdsEngine engine;
    private static PopulationScreen screen;
    private static Path bundle;
    private static List<String> lines;
    private static String patient;

    @BeforeAll
    static void setUp() {
        engine = CdsEngine.builder().build();
        screen = PopulationScreen.of(engine, Mode.CANDIDACY, AS_OF);
        bundle = BulkExportFixture.testBundles().get(3); // depression, fluoxetine
        lines = new ArrayList<>();
        BulkExportFixture.linesByType(bundle).values().forEach(lines::addAll);
        patient = lines.stream().filter(l -> l.startsWith("{\"resourceType\":\"Patient\""))
                .map(PopulationScreen::patientOf).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"name\":[{\"family\":\"X\"}]}|p1",
            "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/p2\"},\"id\":\"o\"}|p2",
            "{\"id\":\"o\",\"subject\":{\"display\":\"x\",\"reference\":\"https://h.example/fhir/Patient/p3\"},\"resourceType\":\"Observation\"}|p3",
            "{\"resourceType\":\"Condition\",\"subject\":{\"reference\":\"Patient/p4/_history/2\"}}|p4",
            "{\"resourceType\":\"Encounter\",\"subject\":{\"reference\":\"urn:uuid:5c0e\"}}|5c0e",
            "{\"resourceType\":\"AllergyIntolerance\",\"patient\":{\"reference\":\"Patient/p6\"}}|p6",
            "{\"resourceType\":\"Coverage\",\"beneficiary\":{\"reference\":\"Patient/p7\"}}|p7",
            "{\"resourceType\":\"Observation\",\"code\":{\"coding\":[{\"code\":\"x\"}]},\"subject\":{\"reference\":\"Patient/p8\"},\"valueQuantity\":{\"value\":1}}|p8"
    })
    void patientOf_resourceNamingPatient_returnsBareId(String line, String expected) {
        assertThat(PopulationScreen.patientOf(line)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"resourceType\":\"Medication\",\"id\":\"m1\",\"code\":{\"text\":\"esketamine\"}}",
            "{\"resourceType\":\"Organization\",\"id\":\"o1\"}",
            "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Group/g1\"}}",
            "{\"resourceType\":\"Patient\"}",
            "{\"resourceType\":\"Observation\",\"subject\":\"Patient/p1\"}"
    })
    void patientOf_resourceNamingNoPatient_returnsNull(String line) {
        assertThat(PopulationScreen.patientOf(line)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"resourceType\":\"Patient\",\"id\":\"p1\"|Unexpected end-of-input: expected close marker for Object",
            "{\"resourceType\":\"Patient\",\"name\":Smithers}|not valid JSON at column 34: Unrecognized token '...'",
            "[{\"resourceType\":\"Patient\"}]|not a JSON object",
            "\"Patient\"|not a JSON object",
            "{\"id\":\"p1\"}|no resourceType",
            "{\"resourceType\":\"Patient\",\"id\":\"p1\"} {}|text after the object",
            "{\"resourceType\":\"Patient\" \"id\":\"p1\"}|not valid JSON",
            "'   '|a blank line"
    })
    void patientOf_notAResource_throwsMalformedLine(String line, String problem) {
        assertThatThrownBy(() -> PopulationScreen.patientOf(line))
                .isInstanceOf(MalformedLineException.class)
                .hasMessageContaining(problem)
                .hasMessageNotContaining("p1\"").hasMessageNotContaining("Smithers"); // it never quotes the line
    }

    @Test
    void screen_bundleResourcesAsLines_sameAsEvaluatingTheBundle() throws Exception {
        Assessment direct = engine.evaluate(FhirRecordReader.create().read(bundle),
                EvaluationContext.of(Mode.CANDIDACY, AS_OF));

        ScreenResult result = screen.screen(patient, lines);

        assertThat(result.error()).isNull();
        assertThat(result.patient()).isEqualTo(direct.patient());
        assertThat(result.disposition()).isEqualTo(direct.disposition());
        assertThat(result.findings()).isEqualTo(direct.findings().stream().map(ScreenFinding::of).toList());
        assertThat(result.findings()).isNotEmpty();
        assertThat(result.knowledgeVersion()).isEqualTo(engine.knowledge().version());
    }

    @Test
    void screen_linesInAnyOrder_sameResult() {
        List<String> shuffled = new ArrayList<>(lines);
        Collections.shuffle(shuffled, new Random(7));

        assertThat(screen.screen("Patient/" + patient, shuffled).toJson()).isEqualTo(screen.screen(patient, lines).toJson());
    }

    @Test
    void screen_oneMalformedResourceLine_leftOutAndPatientStillAssessed() {
        List<String> withBadLine = new ArrayList<>(lines);
        withBadLine.add(5, "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/" + patient + "\"}");
        withBadLine.add("{\"resourceType\":\"Observation\",\"status\":\"final\",\"effectiveDateTime\":\"yesterday\","
                + "\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/" + patient + "\"}}");

        ScreenResult result = screen.screen(patient, withBadLine);

        assertThat(result.assessed()).isTrue();
        assertThat(result.disposition()).isEqualTo(screen.screen(patient, lines).disposition());
    }

    @Test
    void screen_noPatientResource_errorResultInsteadOfException() {
        List<String> withoutPatient = lines.stream().filter(l -> !l.startsWith("{\"resourceType\":\"Patient\"")).toList();

        ScreenResult result = screen.screen(patient, withoutPatient);

        assertThat(result.assessed()).isFalse();
        assertThat(result.disposition()).isNull();
        assertThat(result.findings()).isEmpty();
        assertThat(result.error()).isEqualTo("the resources have no Patient");
        assertThat(result.patient()).isEqualTo("Patient/" + patient);
    }

    @Test
    void screen_unreadablePatient_errorSaysWhy() {
        ScreenResult result = screen.screen("p1", List.of(
                "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"birthDate\":\"not a date\"}"));

        assertThat(result.assessed()).isFalse();
        assertThat(result.error()).startsWith("Patient/p1 ").contains("birthDate");
    }

    @Test
    void screen_twoPatients_errorNamesBoth() {
        ScreenResult result = screen.screen("p1", List.of("{\"resourceType\":\"Patient\",\"id\":\"p1\"}",
                "{\"resourceType\":\"Patient\",\"id\":\"p2\"}"));

        assertThat(result.error()).contains("2 Patients").contains("Patient/p1").contains("Patient/p2");
    }

    @Test
    void screen_patientResourceOfAnotherId_errorResult() {
        ScreenResult result = screen.screen("p1", List.of("{\"resourceType\":\"Patient\",\"id\":\"p2\"}"));

        assertThat(result.error()).isEqualTo("the Patient resource given is Patient/p2, not Patient/p1");
    }

    @Test
    void screen_lineOfAnotherPatient_leftOutAndReported() {
        String aneurysmOfSomeoneElse = "{\"resourceType\":\"Condition\",\"id\":\"aaa\",\"subject\":{\"reference\":"
                + "\"Patient/someone-else\"},\"clinicalStatus\":{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
                + "\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"I71.4\"}]}}";
        List<String> withIt = new ArrayList<>(lines);
        withIt.add(aneurysmOfSomeoneElse);

        ScreenResult result = screen.screen(patient, withIt);

        assertThat(result.disposition()).isNotEqualTo(Disposition.DO_NOT_PROCEED);
        assertThat(result.findings()).extracting(ScreenFinding::ruleId).doesNotContain("KET-CONTRA-001")
                .contains("KET-MON-020");
        assertThat(screen.screen(patient, withIt.stream().map(l -> l.replace("Patient/someone-else",
                "Patient/" + patient)).toList()).disposition()).isEqualTo(Disposition.DO_NOT_PROCEED);
    }

    @ParameterizedTest
    @CsvSource({"3, 1000000, 4 resources", "1000, 20, over the per-patient cap of 1000 resources or 0.0 MB"})
    void screen_patientOverTheCap_errorResultAndNothingParsed(int maxResources, long maxBytes, String says) {
        PopulationScreen capped = screen.withPatientCap(maxResources, maxBytes);
        List<String> four = List.of("{\"resourceType\":\"Patient\",\"id\":\"p1\"}", "{", "{", "{");
        long mappingBefore = capped.mappingNanos();

        ScreenResult result = capped.screen("p1", four);

        assertThat(result.assessed()).isFalse();
        assertThat(result.patient()).isEqualTo("Patient/p1");
        assertThat(result.error()).startsWith("too large to screen: 4 resources and 0.0 MB of NDJSON").contains(says);
        assertThat(capped.mappingNanos()).as("no line was parsed").isEqualTo(mappingBefore);
        assertThat(screen.screen("p1", four.subList(0, 1)).assessed()).isTrue();
    }

    @Test
    void newPatient_linesPastTheCap_countedButNotHeld() {
        PatientLines patient = screen.withPatientCap(10, 1 << 20).newPatient("big");
        String line = "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/big\"}}";

        for (int i = 0; i < 10; i++) {
            patient.add(line);
        }
        assertThat(patient.overCap()).isFalse();
        assertThat(patient.lines()).hasSize(10);
        for (int i = 0; i < 100_000; i++) {
            patient.add(line);
        }

        assertThat(patient.overCap()).isTrue();
        assertThat(patient.lines()).as("held: none, however many were added").isEmpty();
        assertThat(patient.resources()).isEqualTo(100_010);
        assertThat(patient.bytes()).isEqualTo(100_010L * line.length());
    }

    @Test
    void screen_minimalPatient_assessedWithCannotAssessFindings() {
        ScreenResult result = screen.screen("p1", List.of("{\"resourceType\":\"Patient\",\"id\":\"p1\"}"));

        assertThat(result.assessed()).isTrue();
        assertThat(result.findings()).extracting(ScreenFinding::outcome).contains("CANNOT_ASSESS");
    }

    @Test
    void screen_medicationReference_resolvedFromSharedMedicationLine() {
        String patientLine = "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"birthDate\":\"1980-01-01\"}";
        String request = "{\"resourceType\":\"MedicationRequest\",\"id\":\"r1\",\"status\":\"active\",\"intent\":\"order\","
                + "\"subject\":{\"reference\":\"Patient/p1\"},\"authoredOn\":\"2025-05-01\","
                + "\"medicationReference\":{\"reference\":\"Medication/m1\"}}";
        String medication = "{\"resourceType\":\"Medication\",\"id\":\"m1\",\"code\":{\"coding\":[{\"system\":"
                + "\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"2201623\",\"display\":\"esketamine nasal spray\"}]}}";

        ScreenResult without = screen.screen("p1", List.of(patientLine, request));
        ScreenResult with = screen.screen("p1", List.of(patientLine, request, medication));

        assertThat(with.assessed()).isTrue();
        assertThat(with.toJson()).isNotEqualTo(without.toJson()); // the planned product is known only with the Medication
    }

    @Test
    void bulkScreen_withShared_addsOnlyReferencedSharedResourcesOnce() {
        Map<String, String> shared = Map.of("Medication/m1", "M1", "Organization/o1", "O1", "Location/l1", "L1",
                "PractitionerRole/r1", "R1");
        List<String> patientLines = List.of(
                "{\"resourceType\":\"MedicationRequest\",\"medicationReference\":{\"reference\":\"Medication/m1\"},"
                        + "\"requester\":{\"reference\":\"PractitionerRole/r1\"}}",
                "{\"resourceType\":\"MedicationRequest\",\"medicationReference\":{\"reference\" : \"https://x.example/fhir/Medication/m1/_history/3\"}}",
                "{\"resourceType\":\"Encounter\",\"serviceProvider\":{\"reference\":\"Organization/o1\"}}");

        assertThat(SharedResources.withShared(patientLines, shared)).containsExactly(
                patientLines.get(0), patientLines.get(1), patientLines.get(2), "M1", "R1", "O1");
    }

    /** Knowledge-base §2.5's unmapped medication codes: the same inputs, the same answer on every channel. */
    @Test
    void screen_recordWithUnrecognisedMedications_sameAnswerAsEvaluateAndCdsHooks() throws Exception {
        Path file = SharedData.repositoryRoot().resolve("samples/cli/examples/unrecognised-medications.json");
        Instant asOf = Instant.parse("2026-03-01T08:50:00Z");
        List<String> resourceLines = new ArrayList<>();
        BulkExportFixture.linesByType(file).values().forEach(resourceLines::addAll);
        CdsHooksService hooks = CdsHooksService.builder(engine).clock(Clock.fixed(asOf, ZoneOffset.UTC)).build();

        Assessment evaluated = engine.evaluate(FhirRecordReader.create().read(file), EvaluationContext.of(Mode.CANDIDACY, asOf));
        ScreenResult screened = PopulationScreen.of(engine, Mode.CANDIDACY, asOf).screen("unrecognised-medications", resourceLines);
        Assessment hooked = hooks.call("ketamine-cds-patient-view", CdsHooksRequests.fromBundle("ketamine-cds-patient-view",
                Files.readString(file), "h-1", null), PrefetchFetcher.NONE).assessment().orElseThrow();

        assertThat(evaluated.dataGaps()).filteredOn(DataGap::unrecognisedMedication).hasSize(3);
        assertThat(evaluated.findings()).anyMatch(f -> f.ruleId().equals("KET-CONTRA-018"));
        assertThat(hooked.findings()).isEqualTo(evaluated.findings());
        assertThat(hooked.dataGaps()).isEqualTo(evaluated.dataGaps());
        assertThat(hooked.disposition()).isEqualTo(evaluated.disposition());
        assertThat(screened.disposition()).isEqualTo(evaluated.disposition());
        assertThat(screened.findings()).isEqualTo(evaluated.findings().stream().map(ScreenFinding::of).toList());
    }
}
