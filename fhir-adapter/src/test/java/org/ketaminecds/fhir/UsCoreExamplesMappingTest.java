package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminecds.core.record.AllergyEntry;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.ConditionEntry;
import org.ketaminecds.core.record.MedicationEntry;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.record.ObservationEntry;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.record.ProcedureEntry;
import org.ketaminecds.core.record.Quantity;
import org.ketaminecds.core.record.Sex;

/**
 * The official US Core 9.0.0 example resources (shared/data/us-core-examples), wrapped with
 * {@code patient-example.json} into collection Bundles, as a host would send them.
 */
class UsCoreExamplesMappingTest {

    private static final FhirRecordReader READER = FhirRecordReader.create();

    private static PatientRecord record;
    /** {@code Patient/<id>} -> the example file of that Patient. */
    private static java.util.Map<String, String> patientFiles;

    @BeforeAll
    static void readTheExamples() throws Exception {
        patientFiles = patientFiles();
        record = READER.read(bundleWithPatient(
                "blood-pressure.json",
                "heart-rate.json",
                "Observation-PHQ9-panel-example-44249-1.json",
                "Observation-PHQ9-item-example-44260-8.json",
                "Observation-PHQ9-item-example-44261-6.json",
                "allergyintolerance-example.json",
                "medicationrequest-coded-oral-axid.json",
                "medicationrequest-contained-oral-axid.json",
                "medicationrequest-referenced-oral-axid.json",
                "uscore-med2.json",
                "medicationrequest-self-tylenol.json",
                "medicationdispense-example.json",
                "condition-duodenal-ulcer.json",
                "condition-duodenal-ulcer-resolved.json",
                "condition-encounter-diagnosis-example1.json",
                "procedure-rehab.json",
                "Procedure-R4-defib-implant.json"), "us-core-examples");
    }

    /** The examples folder; a missing folder fails the test (CI always has it). */
    private static Path examples() {
        return SharedData.dir("us-core-examples");
    }

    /** A collection Bundle of patient-example.json and the named examples, without fullUrls. */
    static String bundleWithPatient(String... files) {
        return bundleOf("patient-example.json", files);
    }

    /** A collection Bundle of a Patient example and the named examples, without fullUrls. */
    static String bundleOf(String patientFile, String... files) {
        return Stream.concat(Stream.of(patientFile), Stream.of(files))
                .map(file -> "{\"resource\": " + example(file) + "}")
                .collect(Collectors.joining(",\n", "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [", "]}"));
    }

    private static String example(String file) {
        try {
            return Files.readString(examples().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObservationEntry observation(String id) {
        return record.observations().stream().filter(o -> o.id().equals(id)).findFirst().orElseThrow();
    }

    private static MedicationEntry medication(String id) {
        return record.medications().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    private static ConditionEntry condition(String id) {
        return record.conditions().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void read_patientExample_mapsIdAndBirthDate() {
        assertThat(record.patientId()).isEqualTo("Patient/example");
        assertThat(record.birthDate()).isEqualTo(LocalDate.of(1987, 2, 20));
        assertThat(record.sex()).as("the US Core 9 example has no gender element").isEqualTo(Sex.UNKNOWN);
        assertThat(record.unusable()).isEmpty();
    }

    @Test
    void read_bloodPressureExample_keepsSystolicAndDiastolic() {
        ObservationEntry bp = observation("Observation/blood-pressure");

        assertThat(bp.status()).isEqualTo("final");
        assertThat(bp.codes()).extracting(Coding::token).containsExactly("http://loinc.org|85354-9");
        assertThat(bp.effective()).isEqualTo(Instant.parse("1999-07-02T00:00:00Z"));
        assertThat(bp.encounter()).as("the encounter has a display only").isNull();
        assertThat(bp.components()).hasSize(2);
        assertThat(bp.components().get(0).codes()).extracting(Coding::code).containsExactly("8480-6");
        assertThat(bp.components().get(0).value()).isEqualTo(Quantity.of(109, "mm[Hg]"));
        assertThat(bp.components().get(1).codes()).extracting(Coding::code).containsExactly("8462-4");
        assertThat(bp.components().get(1).value()).isEqualTo(Quantity.of(44, "mm[Hg]"));
    }

    @Test
    void read_heartRateExample_usesTheUcumCodeAsUnit() {
        assertThat(observation("Observation/heart-rate").value()).isEqualTo(Quantity.of(44, "/min"));
    }

    @Test
    void read_phq9Examples_mapPanelItemAndTotal() {
        ObservationEntry panel = observation("Observation/PHQ9-panel-example-44249-1");
        ObservationEntry item9 = observation("Observation/PHQ9-item-example-44260-8");
        ObservationEntry total = observation("Observation/PHQ9-item-example-44261-6");

        assertThat(panel.codes()).extracting(Coding::code).containsExactly("44249-1");
        assertThat(panel.value()).isNull();
        assertThat(item9.valueCodes()).extracting(Coding::token).containsExactly("http://loinc.org|LA6568-5");
        assertThat(item9.effective()).isEqualTo(Instant.parse("2022-11-29T20:50:32.718Z"));
        assertThat(total.codes()).extracting(Coding::code).containsExactly("44261-6");
        assertThat(total.status()).isEqualTo("final");
        // The example sends the total as valueString "12"; the contract (knowledge base §2.5) reads
        // scores from valueQuantity or valueInteger only, so this total carries no value.
        assertThat(total.value()).isNull();
        assertThat(total.valueCodes()).isEmpty();
    }

    @Test
    void read_allergyExample_mapsCodeAndStatuses() {
        AllergyEntry allergy = record.allergies().get(0);

        assertThat(allergy.id()).isEqualTo("AllergyIntolerance/example");
        assertThat(allergy.codes()).containsExactly(
                new Coding(Coding.SNOMED, "763875007", "Product containing sulfonamide (product)"));
        assertThat(allergy.clinicalStatus()).isEqualTo("active");
        assertThat(allergy.verificationStatus()).isEqualTo("confirmed");
    }

    @Test
    void read_codedMedicationRequest_mapsCodesStatusIntentAndDosage() {
        MedicationEntry axid = medication("MedicationRequest/medicationrequest-coded-oral-axid");

        assertThat(axid.kind()).isEqualTo(MedicationKind.REQUEST);
        assertThat(axid.codes()).containsExactly(
                new Coding(Coding.RXNORM, "476872", "Nizatidine 15 MG/ML Oral Solution"));
        assertThat(axid.status()).isEqualTo("active");
        assertThat(axid.intent()).isEqualTo("order");
        assertThat(axid.authoredOn()).isEqualTo(Instant.parse("2008-04-05T00:00:00Z"));
        assertThat(axid.start()).isEqualTo(Instant.parse("2008-04-05T00:00:00Z"));
        assertThat(axid.end()).isNull();
        assertThat(axid.dose()).isEqualTo(Quantity.of(10, "mL"));
        assertThat(axid.dailyFrequency()).isEqualTo(2.0);
        assertThat(axid.plannedTime()).isNull();
    }

    @Test
    void read_containedAndReferencedMedication_resolveToTheMedicationCode() {
        MedicationEntry contained = medication("MedicationRequest/medicationrequest-contained-oral-axid");
        MedicationEntry referenced = medication("MedicationRequest/medicationrequest-referenced-oral-axid");

        assertThat(contained.codes()).extracting(Coding::token)
                .containsExactly("http://www.nlm.nih.gov/research/umls/rxnorm|582620");
        assertThat(contained.route()).extracting(Coding::code).containsExactly("26643006");
        assertThat(referenced.codes()).extracting(Coding::token)
                .containsExactly("http://www.nlm.nih.gov/research/umls/rxnorm|582620");
        assertThat(referenced.text()).isEqualTo("Nizatidine 15 MG/ML Oral Solution [Axid]");
    }

    @Test
    void read_selfReportedTylenol_isAPlanWithItsEncounter() {
        MedicationEntry tylenol = medication("MedicationRequest/self-tylenol");

        assertThat(tylenol.codes()).extracting(Coding::code).containsExactly("1187314");
        assertThat(tylenol.intent()).isEqualTo("plan");
        assertThat(tylenol.encounter()).isEqualTo("Encounter/example-1");
        assertThat(tylenol.dose()).isNull();
        assertThat(tylenol.dailyFrequency()).isNull();
    }

    @Test
    void read_dispenseExample_startsWhenHandedOver() {
        MedicationEntry dispense = medication("MedicationDispense/medicationdispense-example");

        assertThat(dispense.kind()).isEqualTo(MedicationKind.DISPENSE);
        assertThat(dispense.status()).isEqualTo("completed");
        assertThat(dispense.start()).isEqualTo(Instant.parse("2016-12-08T06:38:52Z"));
        assertThat(dispense.codes()).extracting(Coding::code).containsExactly("476872");
    }

    @Test
    void read_conditionExamples_mapCodesStatusesAndDates() {
        ConditionEntry active = condition("Condition/condition-duodenal-ulcer");
        ConditionEntry resolved = condition("Condition/condition-duodenal-ulcer-res");
        ConditionEntry diagnosis = condition("Condition/encounter-diagnosis-example1");

        assertThat(active.codes()).containsExactly(new Coding(Coding.SNOMED, "51868009", "Ulcer of duodenum (disorder)"));
        assertThat(active.text()).isEqualTo("Active Duodenal Ulcer");
        assertThat(active.clinicalStatus()).isEqualTo("active");
        assertThat(active.verificationStatus()).isEqualTo("confirmed");
        assertThat(active.onset()).isEqualTo(Instant.parse("2016-08-10T00:00:00Z"));
        assertThat(active.recorded()).isEqualTo(Instant.parse("2016-08-10T15:15:07Z"));
        assertThat(active.hasAbatement()).isFalse();

        assertThat(resolved.clinicalStatus()).isEqualTo("resolved");
        assertThat(resolved.abatement()).isEqualTo(Instant.parse("2016-08-17T00:00:00Z"));
        assertThat(resolved.hasAbatement()).isTrue();

        assertThat(diagnosis.codes()).extracting(Coding::token).containsExactly(
                "http://snomed.info/sct|39065001", "http://hl7.org/fhir/sid/icd-10-cm|T20.21");
        assertThat(diagnosis.clinicalStatus()).isNull();
        assertThat(diagnosis.verificationStatus()).isNull();
    }

    @Test
    void read_procedureExamples_mapPerformedDateAndPeriodStart() {
        assertThat(record.procedures()).extracting(ProcedureEntry::id, ProcedureEntry::status, ProcedureEntry::performed)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Procedure/rehab", "completed",
                                Instant.parse("2002-05-23T00:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple("Procedure/defib-implant", "completed",
                                Instant.parse("2019-03-26T19:55:26Z")));
    }

    /** Every example that is not a Patient, alone with the Patient example it names: read, and nothing left out. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("nonPatientExamples")
    void read_eachExampleWithItsPatient_isReadCompletely(String file) throws Exception {
        String patient = patientOf(file);
        PatientRecord single = READER.read(bundleOf(patientFiles.getOrDefault(patient, "patient-example.json"), file), file);

        assertThat(single.patientId()).isEqualTo(patient == null ? "Patient/example" : patient);
        assertThat(single.unusable()).isEmpty();
    }

    /** The examples of the infant and the child, given with the adult's record: left out, saying whose they are. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examplesOfOtherPatients")
    void read_exampleOfAnotherPatientWithPatientExample_leftOutNamingWhoseItIs(String file) throws Exception {
        PatientRecord single = READER.read(bundleWithPatient(file), file);

        assertThat(single.unusable()).singleElement().satisfies(u -> assertThat(u.problem())
                .isEqualTo("subject is " + patientOf(file) + ", not this record's patient (Patient/example)"));
    }

    static List<String> nonPatientExamples() throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(examples())) {
            return files.filter(path -> path.getFileName().toString().endsWith(".json"))
                    .filter(path -> !"Patient".equals(resourceType(json, path)))
                    .map(path -> path.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    static List<String> examplesOfOtherPatients() throws IOException {
        List<String> others = nonPatientExamples().stream()
                .filter(f -> patientOf(f) != null && !"Patient/example".equals(patientOf(f))).toList();
        assertThat(others).as("the shared data has examples of other patients").isNotEmpty();
        return others;
    }

    static java.util.Map<String, String> patientFiles() throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(examples())) {
            return files.filter(path -> path.getFileName().toString().endsWith(".json"))
                    .filter(path -> "Patient".equals(resourceType(json, path)))
                    .collect(Collectors.toMap(path -> "Patient/" + read(json, path).path("id").asText(),
                            path -> path.getFileName().toString(), (a, b) -> a));
        }
    }

    /** The {@code Patient/<id>} an example's subject or patient names, or null. */
    static String patientOf(String file) {
        com.fasterxml.jackson.databind.JsonNode example = read(new ObjectMapper(), examples().resolve(file));
        for (String element : List.of("subject", "patient", "beneficiary")) {
            String reference = example.path(element).path("reference").asText("");
            if (reference.startsWith("Patient/")) {
                return reference;
            }
        }
        return null;
    }

    private static com.fasterxml.jackson.databind.JsonNode read(ObjectMapper json, Path file) {
        try {
            return json.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resourceType(ObjectMapper json, Path file) {
        return read(json, file).path("resourceType").asText();
    }
}
