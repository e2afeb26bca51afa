package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
import org.ketaminecds.core.record.UnusableResource;

class FhirRecordReaderTest {

    private static final FhirRecordReader READER = FhirRecordReader.create();

    private static final String PATIENT = """
            {"resourceType": "Patient", "id": "p1", "birthDate": "1980-02-29", "gender": "female"}""";

    /** A collection Bundle of the resources, one entry each, without fullUrl. */
    private static String bundle(String... resources) {
        StringBuilder json = new StringBuilder("{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [");
        for (int i = 0; i < resources.length; i++) {
            json.append(i == 0 ? "" : ",").append("\n{\"resource\": ").append(resources[i]).append('}');
        }
        return json.append("]}").toString();
    }

    /** The Bundle of {@link #PATIENT} and the resources. */
    private static PatientRecord readWithPatient(String... resources) throws UnusableRecordException {
        String[] all = new String[resources.length + 1];
        all[0] = PATIENT;
        System.arraycopy(resources, 0, all, 1, resources.length);
        return READER.read(bundle(all), "test.json");
    }

    private static UnusableRecordException unusable(String json, String sourceName) {
        return catchThrowableOfType(UnusableRecordException.class, () -> READER.read(json, sourceName));
    }

    /** The message a user sees: the source, then the problem, in one line, without Java internals. */
    private static void assertMessage(UnusableRecordException e, String sourceName, String... fragments) {
        assertThat(e).as("expected an UnusableRecordException").isNotNull();
        assertThat(e.getMessage())
                .startsWith(sourceName + ": ")
                .contains(fragments)
                .doesNotContain("Exception", "at org.", "HAPI-", "\n", "\r");
        assertThat(e.sourceName()).isEqualTo(sourceName);
        assertThat(e.getMessage()).isEqualTo(sourceName + ": " + e.problem());
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    // ---------------------------------------------------------------- Patient, ids, dates

    @Test
    void read_patient_mapsIdBirthDateAndSex() throws Exception {
        PatientRecord record = readWithPatient();

        assertThat(record.patientId()).isEqualTo("Patient/p1");
        assertThat(record.birthDate()).isEqualTo(LocalDate.of(1980, 2, 29));
        assertThat(record.sex()).isEqualTo(Sex.FEMALE);
        assertThat(record.unusable()).isEmpty();
    }

    @Test
    void read_patientWithoutBirthDateOrGender_isUsableWithUnknowns() throws Exception {
        PatientRecord record = READER.read(bundle("{\"resourceType\": \"Patient\", \"id\": \"p2\"}"), "b.json");

        assertThat(record.birthDate()).isNull();
        assertThat(record.sex()).isEqualTo(Sex.UNKNOWN);
    }

    @Test
    void read_unknownGenderCode_isUnknownSex() throws Exception {
        PatientRecord record = READER.read(bundle("""
                {"resourceType": "Patient", "id": "p4", "gender": "f", "birthDate": "1990-01-02"}"""), "b.json");

        assertThat(record.sex()).isEqualTo(Sex.UNKNOWN);
        assertThat(record.birthDate()).isEqualTo(LocalDate.of(1990, 1, 2));
    }

    @Test
    void read_partialBirthDate_isStartOfThatYear() throws Exception {
        PatientRecord record = READER.read(bundle("""
                {"resourceType": "Patient", "id": "p3", "birthDate": "1975", "gender": "other"}"""), "b.json");

        assertThat(record.birthDate()).isEqualTo(LocalDate.of(1975, 1, 1));
        assertThat(record.sex()).isEqualTo(Sex.OTHER);
    }

    @Test
    void read_urnUuidEntriesWithoutId_useTheUuidAndResolveReferences() throws Exception {
        String json = """
                {"resourceType": "Bundle", "type": "transaction", "entry": [
                  {"fullUrl": "urn:uuid:7d2f9a3c-0000-4000-8000-000000000001",
                   "resource": {"resourceType": "Patient", "gender": "male"},
                   "request": {"method": "POST", "url": "Patient"}},
                  {"fullUrl": "urn:uuid:7d2f9a3c-0000-4000-8000-000000000002",
                   "resource": {"resourceType": "Encounter", "subject": {"reference": "urn:uuid:7d2f9a3c-0000-4000-8000-000000000001"}, "status": "finished",
                                "class": {"code": "AMB"}}},
                  {"fullUrl": "urn:uuid:7d2f9a3c-0000-4000-8000-000000000003",
                   "resource": {"resourceType": "Observation", "status": "final",
                                "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
                                "subject": {"reference": "urn:uuid:7d2f9a3c-0000-4000-8000-000000000001"},
                                "encounter": {"reference": "urn:uuid:7d2f9a3c-0000-4000-8000-000000000002"},
                                "effectiveDateTime": "2025-03-01T09:00:00Z",
                                "valueQuantity": {"value": 72, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min"}}},
                  {"request": {"method": "DELETE", "url": "Observation/old"}}
                ]}""";

        PatientRecord record = READER.read(json, "t.json");

        assertThat(record.patientId()).isEqualTo("Patient/7d2f9a3c-0000-4000-8000-000000000001");
        assertThat(record.sex()).isEqualTo(Sex.MALE);
        ObservationEntry pulse = record.observations().get(0);
        assertThat(pulse.id()).isEqualTo("Observation/7d2f9a3c-0000-4000-8000-000000000003");
        assertThat(pulse.encounter()).isEqualTo("Encounter/7d2f9a3c-0000-4000-8000-000000000002");
        assertThat(pulse.value()).isEqualTo(Quantity.of(72, "/min"));
    }

    @Test
    void read_resourceWithIdAndFullUrl_keepsItsOwnIdAndResolvesAbsoluteReferences() throws Exception {
        String json = """
                {"resourceType": "Bundle", "type": "searchset", "entry": [
                  {"fullUrl": "https://ehr.example.org/fhir/Patient/abc", "resource": {"resourceType": "Patient", "id": "abc"}},
                  {"fullUrl": "https://ehr.example.org/fhir/Observation/o1",
                   "resource": {"resourceType": "Observation", "subject": {"reference": "https://ehr.example.org/fhir/Patient/abc"}, "id": "o1", "status": "final",
                                "code": {"text": "note"},
                                "encounter": {"reference": "https://ehr.example.org/fhir/Encounter/e9/_history/2"}}},
                  {"resource": {"resourceType": "Observation", "subject": {"reference": "Patient/abc"}, "status": "final", "code": {"text": "no id"}}}
                ]}""";

        PatientRecord record = READER.read(json, "s.json");

        assertThat(record.patientId()).isEqualTo("Patient/abc");
        assertThat(record.observations()).extracting(ObservationEntry::id)
                .containsExactly("Observation/o1", "Observation/#2");
        assertThat(record.observations().get(0).encounter()).isEqualTo("Encounter/e9");
    }

    @Test
    void read_dateWithoutTime_isStartOfDayUtc() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "d", "status": "final", "code": {"text": "x"},
                 "effectiveDateTime": "2024-06-15", "issued": "2024-06-15T10:30:00+02:00"}""");

        ObservationEntry observation = record.observations().get(0);
        assertThat(observation.effective()).isEqualTo(at("2024-06-15T00:00:00Z"));
        assertThat(observation.issued()).isEqualTo(at("2024-06-15T08:30:00Z"));
    }

    @ParameterizedTest
    @CsvSource({
            "2024,                          2024-01-01T00:00:00Z",
            "2024-06,                       2024-06-01T00:00:00Z",
            "2024-06-15T23:30:00-05:00,     2024-06-16T04:30:00Z",
            "2024-06-15T23:30:00.250+01:00, 2024-06-15T22:30:00.250Z",
            "2024-06-15T10:00:00Z,          2024-06-15T10:00:00Z"})
    void read_partialDatesAndOffsets_becomeInstants(String effective, String expected) throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "Procedure", "subject": {"reference": "Patient/p1"}, "id": "pr", "status": "completed", "code": {"text": "x"},
                 "performedDateTime": "%s"}""".formatted(effective));

        assertThat(record.procedures().get(0).performed()).isEqualTo(at(expected));
    }

    @Test
    void read_timeWithoutOffset_isReadAsUtcWhateverTheMachineZone() throws Exception {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Auckland"));
            PatientRecord record = readWithPatient("""
                    {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "t", "status": "final", "code": {"text": "x"},
                     "effectiveDateTime": "2024-06-15T10:00:00", "issued": "2024-06-15"}""");

            assertThat(record.observations().get(0).effective()).isEqualTo(at("2024-06-15T10:00:00Z"));
            assertThat(record.observations().get(0).issued()).isEqualTo(at("2024-06-15T00:00:00Z"));
        } finally {
            TimeZone.setDefault(original);
        }
    }

    // ---------------------------------------------------------------- Conditions

    @Test
    void read_condition_mapsCodesStatusesAndDates() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "Condition", "subject": {"reference": "Patient/p1"}, "id": "c1",
                 "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "remission"}]},
                 "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "provisional"}]},
                 "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "F33.1", "display": "MDD, recurrent, moderate"},
                                     {"system": "http://snomed.info/sct", "code": "370143000"},
                                     {"system": "http://example.org/no-code"}],
                          "text": "Recurrent depression"},
                 "onsetPeriod": {"start": "2019-03-01"},
                 "abatementDateTime": "2023-01-10T08:00:00Z",
                 "recordedDate": "2019-04-02T10:00:00+00:00"}""");

        ConditionEntry condition = record.conditions().get(0);
        assertThat(condition.id()).isEqualTo("Condition/c1");
        assertThat(condition.codes()).containsExactly(
                new Coding(Coding.ICD10CM, "F33.1", "MDD, recurrent, moderate"),
                Coding.of(Coding.SNOMED, "370143000"));
        assertThat(condition.text()).isEqualTo("Recurrent depression");
        assertThat(condition.clinicalStatus()).isEqualTo("remission");
        assertThat(condition.verificationStatus()).isEqualTo("provisional");
        assertThat(condition.onset()).isEqualTo(at("2019-03-01T00:00:00Z"));
        assertThat(condition.abatement()).isEqualTo(at("2023-01-10T08:00:00Z"));
        assertThat(condition.recorded()).isEqualTo(at("2019-04-02T10:00:00Z"));
        assertThat(condition.hasAbatement()).isTrue();
    }

    @Test
    void read_conditionWithAbatementStringAndOnsetAge_hasAbatementWithoutDates() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "Condition", "subject": {"reference": "Patient/p1"}, "id": "c2",
                 "code": {"coding": [{"system": "http://snomed.info/sct", "code": "35489007"}]},
                 "onsetAge": {"value": 30, "unit": "a", "system": "http://unitsofmeasure.org", "code": "a"},
                 "abatementString": "in childhood"}""");

        ConditionEntry condition = record.conditions().get(0);
        assertThat(condition.clinicalStatus()).isNull();
        assertThat(condition.verificationStatus()).isNull();
        assertThat(condition.onset()).isNull();
        assertThat(condition.abatement()).isNull();
        assertThat(condition.hasAbatement()).isTrue();
    }

    // ---------------------------------------------------------------- Observations

    @Test
    void read_bloodPressurePanel_keepsBothComponents() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "bp", "status": "final",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
                 "effectiveDateTime": "2025-05-01T08:55:00Z",
                 "component": [
                   {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                    "valueQuantity": {"value": 152, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}},
                   {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
                    "valueQuantity": {"value": 96.5, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}]}""");

        ObservationEntry bp = record.observations().get(0);
        assertThat(bp.codes()).containsExactly(Coding.of(Coding.LOINC, "85354-9"));
        assertThat(bp.value()).isNull();
        assertThat(bp.effective()).isEqualTo(at("2025-05-01T08:55:00Z"));
        assertThat(bp.components()).hasSize(2);
        assertThat(bp.components().get(0).codes()).containsExactly(Coding.of(Coding.LOINC, "8480-6"));
        assertThat(bp.components().get(0).value()).isEqualTo(Quantity.of(152, "mm[Hg]"));
        assertThat(bp.components().get(1).codes()).containsExactly(Coding.of(Coding.LOINC, "8462-4"));
        assertThat(bp.components().get(1).value()).isEqualTo(Quantity.of(96.5, "mm[Hg]"));
    }

    @Test
    void read_separateSystolicAndDiastolic_areTwoObservationsWithTheSameTime() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "sbp", "status": "final",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                 "effectiveDateTime": "2025-05-01T08:55:00Z",
                 "valueQuantity": {"value": 128, "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}""", """
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "dbp", "status": "final",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
                 "effectiveDateTime": "2025-05-01T08:55:00Z",
                 "valueQuantity": {"value": 84, "unit": "mm[Hg]"}}""");

        assertThat(record.observations())
                .extracting(ObservationEntry::id, o -> o.codes().get(0).code(), ObservationEntry::value,
                        ObservationEntry::effective)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Observation/sbp", "8480-6", Quantity.of(128, "mm[Hg]"),
                                at("2025-05-01T08:55:00Z")),
                        org.assertj.core.groups.Tuple.tuple("Observation/dbp", "8462-4", Quantity.of(84, "mm[Hg]"),
                                at("2025-05-01T08:55:00Z")));
    }

    @Test
    void read_observationValues_mapCodedBooleanIntegerRangeInterpretationAndFocus() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "hcg", "status": "preliminary",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "2106-3"}]},
                 "effectivePeriod": {"start": "2025-04-30T07:00:00Z", "end": "2025-04-30T07:10:00Z"},
                 "valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": "260385009", "display": "Negative"}]},
                 "interpretation": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "code": "NEG"}]}]}""", """
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "escort", "status": "final",
                 "code": {"coding": [{"system": "http://example.org/fhir/CodeSystem/ketamine-cds", "code": "escort-confirmed"}]},
                 "effectiveInstant": "2025-05-01T08:00:00.000Z",
                 "valueBoolean": false,
                 "focus": [{"reference": "MedicationRequest/mr1"}, {"display": "no reference"}]}""", """
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "phq9", "status": "final",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "44261-6"}]},
                 "effectiveDateTime": "2025-04-20", "valueInteger": 17}""", """
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "alt", "status": "amended",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "1742-6"}]},
                 "effectiveDateTime": "2025-04-20", "valueQuantity": {"value": 35, "unit": "U/L"},
                 "referenceRange": [{"low": {"value": 7}, "high": {"value": 56, "unit": "U/L"}}]}""");

        List<ObservationEntry> observations = record.observations();
        ObservationEntry hcg = observations.get(0);
        assertThat(hcg.status()).isEqualTo("preliminary");
        assertThat(hcg.effective()).isEqualTo(at("2025-04-30T07:00:00Z"));
        assertThat(hcg.valueCodes()).containsExactly(new Coding(Coding.SNOMED, "260385009", "Negative"));
        assertThat(hcg.interpretation()).extracting(Coding::code).containsExactly("NEG");
        assertThat(hcg.value()).isNull();
        assertThat(hcg.valueBoolean()).isNull();

        ObservationEntry escort = observations.get(1);
        assertThat(escort.valueBoolean()).isFalse();
        assertThat(escort.effective()).isEqualTo(at("2025-05-01T08:00:00Z"));
        assertThat(escort.focus()).containsExactly("MedicationRequest/mr1");
        assertThat(escort.encounter()).isNull();

        assertThat(observations.get(2).value()).isEqualTo(new Quantity(17.0, null));
        assertThat(observations.get(3).value()).isEqualTo(Quantity.of(35, "U/L"));
        assertThat(observations.get(3).referenceHigh()).isEqualTo(56.0);
    }

    @Test
    void read_unknownStatusCode_isPassedThroughAsNull() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "o", "status": "done",
                 "code": {"text": "x"}, "valueQuantity": {"value": 1}}""", """
                {"resourceType": "MedicationRequest", "subject": {"reference": "Patient/p1"}, "id": "m", "status": "on-hold", "intent": "wish",
                 "medicationCodeableConcept": {"text": "x"}}""");

        assertThat(record.unusable()).isEmpty();
        assertThat(record.observations().get(0).status()).isNull();
        assertThat(record.medications().get(0).status()).isEqualTo("on-hold");
        assertThat(record.medications().get(0).intent()).isNull();
    }

    // ---------------------------------------------------------------- Medications

    @Test
    void read_medicationRequest_mapsTimingEventToPlannedTime() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "MedicationRequest", "subject": {"reference": "Patient/p1"}, "id": "esk", "status": "draft", "intent": "order",
                 "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "2120146", "display": "esketamine 28 MG nasal device"}],
                                               "text": "Spravato 56 mg"},
                 "encounter": {"reference": "Encounter/session-3"},
                 "authoredOn": "2025-05-01T08:00:00Z",
                 "dosageInstruction": [{
                   "timing": {"event": ["2025-05-01T09:00:00Z"],
                              "repeat": {"boundsPeriod": {"start": "2025-05-01", "end": "2025-06-01"}}},
                   "route": {"coding": [{"system": "http://snomed.info/sct", "code": "46713006", "display": "Nasal route"}]},
                   "doseAndRate": [{"doseQuantity": {"value": 56, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}}]}],
                 "dispenseRequest": {"validityPeriod": {"start": "2025-05-01", "end": "2025-05-15"}}}""");

        MedicationEntry request = record.medications().get(0);
        assertThat(request.id()).isEqualTo("MedicationRequest/esk");
        assertThat(request.kind()).isEqualTo(MedicationKind.REQUEST);
        assertThat(request.codes()).containsExactly(
                new Coding(Coding.RXNORM, "2120146", "esketamine 28 MG nasal device"));
        assertThat(request.text()).isEqualTo("Spravato 56 mg");
        assertThat(request.status()).isEqualTo("draft");
        assertThat(request.intent()).isEqualTo("order");
        assertThat(request.authoredOn()).isEqualTo(at("2025-05-01T08:00:00Z"));
        assertThat(request.plannedTime()).isEqualTo(at("2025-05-01T09:00:00Z"));
        assertThat(request.start()).isEqualTo(at("2025-05-01T00:00:00Z"));
        assertThat(request.end()).as("validity end wins over the bounds end").isEqualTo(at("2025-05-15T00:00:00Z"));
        assertThat(request.dose()).isEqualTo(Quantity.of(56, "mg"));
        assertThat(request.route()).extracting(Coding::code).containsExactly("46713006");
        assertThat(request.encounter()).isEqualTo("Encounter/session-3");
        assertThat(request.dailyFrequency()).isNull();
    }

    @Test
    void read_medicationRequestWithoutValidity_endsWithItsBounds() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "MedicationRequest", "subject": {"reference": "Patient/p1"}, "id": "r", "status": "active", "intent": "order",
                 "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "36437"}]},
                 "dosageInstruction": [{"timing": {"repeat": {"boundsPeriod": {"end": "2025-02-01"}, "frequency": 1, "period": 1, "periodUnit": "d"}}}]}""");

        MedicationEntry request = record.medications().get(0);
        assertThat(request.start()).isNull();
        assertThat(request.end()).isEqualTo(at("2025-02-01T00:00:00Z"));
        assertThat(request.plannedTime()).isNull();
        assertThat(request.dailyFrequency()).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "{0} per {1} {2} -> {3}")
    @CsvSource({
            "2, 1, d,  2.0",
            "1, 8, h,  3.0",
            "3, 1, wk, 0.42857142857142855",
            "1, 30, min, 48.0",
            "1, 1, mo, ",
            "1, 0, d, "})
    void read_medicationStatement_computesDailyFrequency(int frequency, String period, String unit, Double expected)
            throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "MedicationStatement", "subject": {"reference": "Patient/p1"}, "id": "s", "status": "active",
                 "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "3322", "display": "diazepam"}]},
                 "effectivePeriod": {"start": "2024-01-01", "end": "2024-12-31"},
                 "dosage": [{"timing": {"repeat": {"frequency": %d, "period": %s, "periodUnit": "%s"}},
                             "route": {"coding": [{"system": "http://snomed.info/sct", "code": "26643006"}]},
                             "doseAndRate": [{"doseQuantity": {"value": 5, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}}]}]}"""
                .formatted(frequency, period, unit));

        MedicationEntry statement = record.medications().get(0);
        assertThat(statement.kind()).isEqualTo(MedicationKind.STATEMENT);
        assertThat(statement.status()).isEqualTo("active");
        assertThat(statement.start()).isEqualTo(at("2024-01-01T00:00:00Z"));
        assertThat(statement.end()).isEqualTo(at("2024-12-31T00:00:00Z"));
        assertThat(statement.dose()).isEqualTo(Quantity.of(5, "mg"));
        assertThat(statement.route()).extracting(Coding::code).containsExactly("26643006");
        assertThat(statement.dailyFrequency()).isEqualTo(expected);
    }

    @Test
    void read_medicationStatementWithFrequencyRangeOrNoFrequency_hasNoDailyFrequency() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "MedicationStatement", "subject": {"reference": "Patient/p1"}, "id": "range", "status": "active",
                 "medicationCodeableConcept": {"text": "lorazepam"},
                 "effectiveDateTime": "2024-03-01",
                 "dosage": [{"timing": {"repeat": {"frequency": 1, "frequencyMax": 3, "period": 1, "periodUnit": "d"}}}]}""", """
                {"resourceType": "MedicationStatement", "subject": {"reference": "Patient/p1"}, "id": "none", "status": "completed",
                 "medicationCodeableConcept": {"text": "lorazepam"},
                 "dosage": [{"timing": {"repeat": {"period": 1, "periodUnit": "d"}}}]}""");

        assertThat(record.medications()).extracting(MedicationEntry::dailyFrequency).containsExactly(null, null);
        assertThat(record.medications().get(0).start()).isEqualTo(at("2024-03-01T00:00:00Z"));
        assertThat(record.medications().get(0).end()).isNull();
        assertThat(record.medications().get(0).text()).isEqualTo("lorazepam");
    }

    @Test
    void read_medicationAdministration_mapsPeriodDoseRouteAndSession() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "MedicationAdministration", "subject": {"reference": "Patient/p1"}, "id": "a1", "status": "completed",
                 "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "6130", "display": "ketamine"}]},
                 "context": {"reference": "Encounter/s1"},
                 "effectivePeriod": {"start": "2025-05-01T09:05:00Z", "end": "2025-05-01T09:45:00Z"},
                 "dosage": {"route": {"coding": [{"system": "http://snomed.info/sct", "code": "47625008"}]},
                            "dose": {"value": 35, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}}}""");

        MedicationEntry administration = record.medications().get(0);
        assertThat(administration.kind()).isEqualTo(MedicationKind.ADMINISTRATION);
        assertThat(administration.status()).isEqualTo("completed");
        assertThat(administration.start()).isEqualTo(at("2025-05-01T09:05:00Z"));
        assertThat(administration.end()).isEqualTo(at("2025-05-01T09:45:00Z"));
        assertThat(administration.dose()).isEqualTo(Quantity.of(35, "mg"));
        assertThat(administration.route()).extracting(Coding::code).containsExactly("47625008");
        assertThat(administration.encounter()).isEqualTo("Encounter/s1");
    }

    @Test
    void read_medicationDispense_startsWhenHandedOverElsePrepared() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "MedicationDispense", "subject": {"reference": "Patient/p1"}, "id": "d1", "status": "completed",
                 "medicationCodeableConcept": {"coding": [{"system": "http://hl7.org/fhir/sid/ndc", "code": "50458-028-02"}]},
                 "whenPrepared": "2025-04-01T10:00:00Z", "whenHandedOver": "2025-04-02T11:00:00Z",
                 "dosageInstruction": [{"timing": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "wk"}},
                                        "doseAndRate": [{"doseQuantity": {"value": 84, "unit": "mg"}}]}]}""", """
                {"resourceType": "MedicationDispense", "subject": {"reference": "Patient/p1"}, "id": "d2", "status": "in-progress",
                 "medicationCodeableConcept": {"text": "x"}, "whenPrepared": "2025-04-03T10:00:00Z"}""");

        MedicationEntry handedOver = record.medications().get(0);
        assertThat(handedOver.kind()).isEqualTo(MedicationKind.DISPENSE);
        assertThat(handedOver.codes()).containsExactly(Coding.of(Coding.NDC, "50458-028-02"));
        assertThat(handedOver.start()).isEqualTo(at("2025-04-02T11:00:00Z"));
        assertThat(handedOver.dose()).isEqualTo(Quantity.of(84, "mg"));
        assertThat(handedOver.dailyFrequency()).isEqualTo(2.0 / 7);
        assertThat(record.medications().get(1).start()).isEqualTo(at("2025-04-03T10:00:00Z"));
    }

    @Test
    void read_medicationDispense_mapsDaysSupplyReceiversDestinationAndTheRequestersPrescriber() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "PractitionerRole", "id": "role1", "practitioner": {"reference": "Practitioner/dr1"}}""", """
                {"resourceType": "MedicationRequest", "subject": {"reference": "Patient/p1"}, "id": "rx1", "status": "active", "intent": "order",
                 "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "6130"}]},
                 "authoredOn": "2025-03-01", "requester": {"reference": "PractitionerRole/role1"}}""", """
                {"resourceType": "MedicationDispense", "subject": {"reference": "Patient/p1"}, "id": "d1", "status": "completed",
                 "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "6130"}]},
                 "whenHandedOver": "2025-04-02T11:00:00Z",
                 "daysSupply": {"value": 30, "unit": "days", "system": "http://unitsofmeasure.org", "code": "d"},
                 "authorizingPrescription": [{"reference": "MedicationRequest/rx1"}],
                 "receiver": [{"reference": "Patient/p1"}], "destination": {"reference": "Location/home"}}""", """
                {"resourceType": "MedicationDispense", "subject": {"reference": "Patient/p1"}, "id": "d2", "status": "completed",
                 "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "6130"}]},
                 "whenHandedOver": "2025-04-20T11:00:00Z",
                 "authorizingPrescription": [{"reference": "MedicationRequest/elsewhere"}]}""", """
                {"resourceType": "MedicationRequest", "subject": {"reference": "Patient/p1"}, "id": "rx2", "status": "active", "intent": "order",
                 "medicationCodeableConcept": {"text": "ketamine"},
                 "requester": {"type": "Practitioner", "identifier": {"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"}}}""", """
                {"resourceType": "MedicationRequest", "subject": {"reference": "Patient/p1"}, "id": "rx3", "status": "active", "intent": "order",
                 "medicationCodeableConcept": {"text": "ketamine"}, "requester": {"reference": "Organization/clinic"}}""");

        MedicationEntry rx1 = record.medications().get(0);
        assertThat(rx1.prescriber()).as("a role resolves to its practitioner").isEqualTo("Practitioner/dr1");
        MedicationEntry d1 = record.medications().get(1);
        assertThat(d1.daysSupply()).isEqualTo(Quantity.of(30, "d"));
        assertThat(d1.prescription()).isEqualTo("MedicationRequest/rx1");
        assertThat(d1.prescriber()).as("the authorizing request's requester").isEqualTo("Practitioner/dr1");
        assertThat(d1.receivers()).containsExactly("Patient/p1");
        assertThat(d1.destination()).isEqualTo("Location/home");
        MedicationEntry d2 = record.medications().get(2);
        assertThat(d2.prescription()).isEqualTo("MedicationRequest/elsewhere");
        assertThat(d2.prescriber()).as("a request outside the Bundle: unknown").isNull();
        assertThat(d2.daysSupply()).isNull();
        assertThat(d2.receivers()).isEmpty();
        assertThat(record.medications().get(3).prescriber())
                .isEqualTo("Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|1234567893");
        assertThat(record.medications().get(4).prescriber()).as("an organization is no prescriber").isNull();
    }

    @Test
    void read_medicationReference_resolvesContainedAndBundledMedications() throws Exception {
        String json = """
                {"resourceType": "Bundle", "type": "collection", "entry": [
                  {"fullUrl": "urn:uuid:11111111-1111-4111-8111-111111111111", "resource": {"resourceType": "Patient"}},
                  {"fullUrl": "urn:uuid:22222222-2222-4222-8222-222222222222",
                   "resource": {"resourceType": "Medication",
                                "code": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "36437", "display": "sertraline"}]}}},
                  {"resource": {"resourceType": "MedicationRequest", "subject": {"reference": "urn:uuid:11111111-1111-4111-8111-111111111111"}, "id": "bundled", "status": "active", "intent": "order",
                                "medicationReference": {"reference": "urn:uuid:22222222-2222-4222-8222-222222222222"}}},
                  {"resource": {"resourceType": "MedicationStatement", "subject": {"reference": "urn:uuid:11111111-1111-4111-8111-111111111111"}, "id": "contained", "status": "active",
                                "contained": [{"resourceType": "Medication", "id": "m1",
                                               "code": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "4493"}], "text": "fluoxetine"}}],
                                "medicationReference": {"reference": "#m1"}}},
                  {"resource": {"resourceType": "MedicationRequest", "subject": {"reference": "urn:uuid:11111111-1111-4111-8111-111111111111"}, "id": "elsewhere", "status": "active", "intent": "order",
                                "medicationReference": {"reference": "Medication/not-here", "display": "venlafaxine 75 mg"}}}
                ]}""";

        PatientRecord record = READER.read(json, "m.json");

        assertThat(record.medications()).extracting(MedicationEntry::id).containsExactly(
                "MedicationRequest/bundled", "MedicationStatement/contained", "MedicationRequest/elsewhere");
        assertThat(record.medications().get(0).codes())
                .containsExactly(new Coding(Coding.RXNORM, "36437", "sertraline"));
        assertThat(record.medications().get(1).codes()).containsExactly(Coding.of(Coding.RXNORM, "4493"));
        assertThat(record.medications().get(1).text()).isEqualTo("fluoxetine");
        assertThat(record.medications().get(2).codes()).isEmpty();
        assertThat(record.medications().get(2).text()).isEqualTo("venlafaxine 75 mg");
    }

    // ---------------------------------------------------------------- Allergies, procedures, other types

    @Test
    void read_allergy_includesReactionSubstancesAndStatuses() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "AllergyIntolerance", "id": "al",
                 "clinicalStatus": {"coding": [{"code": "active"}]},
                 "verificationStatus": {"coding": [{"code": "unconfirmed"}]},
                 "code": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "6130"}]},
                 "patient": {"reference": "Patient/p1"},
                 "reaction": [{"substance": {"coding": [{"system": "http://snomed.info/sct", "code": "373464007"}]},
                               "manifestation": [{"text": "hallucinations"}]}]}""");

        AllergyEntry allergy = record.allergies().get(0);
        assertThat(allergy.id()).isEqualTo("AllergyIntolerance/al");
        assertThat(allergy.codes()).containsExactly(Coding.of(Coding.RXNORM, "6130"), Coding.of(Coding.SNOMED, "373464007"));
        assertThat(allergy.clinicalStatus()).isEqualTo("active");
        assertThat(allergy.verificationStatus()).isEqualTo("unconfirmed");
    }

    @Test
    void read_procedure_mapsCodeStatusAndPerformedStart() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "Procedure", "subject": {"reference": "Patient/p1"}, "id": "ect", "status": "completed",
                 "code": {"coding": [{"system": "http://snomed.info/sct", "code": "23835007"}]},
                 "performedPeriod": {"start": "2022-09-01T10:00:00Z", "end": "2022-09-01T10:30:00Z"}}""");

        ProcedureEntry procedure = record.procedures().get(0);
        assertThat(procedure).isEqualTo(new ProcedureEntry("Procedure/ect", List.of(Coding.of(Coding.SNOMED, "23835007")),
                "completed", at("2022-09-01T10:00:00Z")));
    }

    @Test
    void read_otherResourceTypes_areIgnored() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "Encounter", "subject": {"reference": "Patient/p1"}, "id": "e", "status": "finished", "class": {"code": "AMB"}}""", """
                {"resourceType": "Provenance", "id": "pv", "recorded": "2025-01-01T00:00:00Z", "target": [{"reference": "Patient/p1"}]}""", """
                {"resourceType": "Medication", "id": "med", "code": {"text": "x"}}""");

        assertThat(record.conditions()).isEmpty();
        assertThat(record.observations()).isEmpty();
        assertThat(record.medications()).isEmpty();
        assertThat(record.allergies()).isEmpty();
        assertThat(record.procedures()).isEmpty();
        assertThat(record.unusable()).isEmpty();
    }

    // ---------------------------------------------------------------- unreadable values inside a usable record

    @Test
    void read_observationWithTextAsNumber_isLeftOutAndListedAsUnusable() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "good", "status": "final",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
                 "effectiveDateTime": "2025-05-01T08:00:00Z", "valueQuantity": {"value": 70, "code": "/min"}}""", """
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "bad", "status": "final",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
                 "effectiveDateTime": "2025-05-01T08:05:00Z", "valueQuantity": {"value": "abc", "code": "/min"}}""", """
                {"resourceType": "Condition", "subject": {"reference": "Patient/p1"}, "id": "c", "code": {"text": "x"}}""");

        assertThat(record.patientId()).isEqualTo("Patient/p1");
        assertThat(record.observations()).extracting(ObservationEntry::id).containsExactly("Observation/good");
        assertThat(record.conditions()).extracting(ConditionEntry::id).containsExactly("Condition/c");
        assertThat(record.unusable()).hasSize(1);
        UnusableResource bad = record.unusable().get(0);
        assertThat(bad.id()).isEqualTo("Observation/bad");
        assertThat(bad.problem()).contains("value", "'abc'", "not a number").doesNotContain("\n");
    }

    @Test
    void read_consentCarePlanFlagEncounterAndSettings_mapped() throws Exception {
        String local = "http://example.org/fhir/CodeSystem/ketamine-cds";
        PatientRecord record = readWithPatient("""
                {"resourceType": "Consent", "patient": {"reference": "Patient/p1"}, "id": "consent", "status": "active", "dateTime": "2026-02-01",
                 "category": [{"coding": [{"system": "%1$s", "code": "offlabel-consent"}]}]}""".formatted(local), """
                {"resourceType": "CarePlan", "subject": {"reference": "Patient/p1"}, "id": "plan", "status": "active", "intent": "plan",
                 "category": [{"coding": [{"system": "%1$s", "code": "treatment-plan"}]}],
                 "activity": [{"detail": {"status": "scheduled", "scheduledTiming": {"repeat": {"count": 6}}}}]}""".formatted(local), """
                {"resourceType": "Flag", "subject": {"reference": "Patient/p1"}, "id": "rems", "status": "active", "period": {"start": "2026-01-10"},
                 "code": {"coding": [{"system": "%1$s", "code": "rems-patient-enrolled"}]}}""".formatted(local), """
                {"resourceType": "Encounter", "subject": {"reference": "Patient/p1"}, "id": "session", "status": "finished", "class": {"code": "AMB"},
                 "type": [{"coding": [{"system": "%1$s", "code": "ketamine-session"}]}],
                 "period": {"start": "2026-02-03T09:00:00Z", "end": "2026-02-03T11:10:00Z"},
                 "serviceProvider": {"reference": "Organization/clinic"}, "location": [{"location": {"reference": "Location/room"}}]}""".formatted(local), """
                {"resourceType": "Organization", "id": "clinic",
                 "type": [{"coding": [{"system": "%1$s", "code": "rems-setting-certified"}]}]}""".formatted(local));

        assertThat(record.consents()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("Consent/consent");
            assertThat(c.status()).isEqualTo("active");
            assertThat(c.categories()).extracting(Coding::code).containsExactly("offlabel-consent");
        });
        assertThat(record.carePlans()).singleElement().satisfies(p -> assertThat(p.plannedActivityCount()).isEqualTo(6));
        assertThat(record.flags()).singleElement().satisfies(f -> assertThat(f.start()).isEqualTo(Instant.parse("2026-01-10T00:00:00Z")));
        assertThat(record.encounters()).singleElement().satisfies(e -> {
            assertThat(e.classCode()).isEqualTo("AMB");
            assertThat(e.end()).isEqualTo(Instant.parse("2026-02-03T11:10:00Z"));
            assertThat(e.serviceProvider()).isEqualTo("Organization/clinic");
            assertThat(e.locations()).containsExactly("Location/room");
        });
        assertThat(record.settings()).singleElement().satisfies(o -> assertThat(o.id()).isEqualTo("Organization/clinic"));
    }

    @Test
    void read_invalidDateOrBooleanOrShapeInAResource_listsThatResourceOnly() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "Condition", "subject": {"reference": "Patient/p1"}, "id": "baddate", "code": {"text": "x"}, "onsetDateTime": "2020-13-45"}""", """
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "badbool", "status": "final", "code": {"text": "x"}, "valueBoolean": "yes"}""", """
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "badshape", "status": "final", "code": "8867-4"}""", """
                {"resourceType": "Claim", "id": "ignored", "patient": {"reference": "Patient/p1"}, "status": "active", "created": "yesterday"}""", """
                {"resourceType": "Procedure", "subject": {"reference": "Patient/p1"}, "id": "ok", "status": "completed", "code": {"text": "x"}}""");

        assertThat(record.unusable()).extracting(UnusableResource::id)
                .containsExactly("Condition/baddate", "Observation/badbool", "Observation/badshape");
        assertThat(record.unusable().get(0).problem()).isEqualTo("onsetDateTime '2020-13-45' is not a date");
        assertThat(record.unusable().get(1).problem()).isEqualTo("valueBoolean 'yes' is not true or false");
        assertThat(record.unusable().get(2).problem()).contains("code", "an object");
        assertThat(record.conditions()).isEmpty();
        assertThat(record.observations()).isEmpty();
        assertThat(record.procedures()).extracting(ProcedureEntry::id).containsExactly("Procedure/ok");
    }

    @Test
    void read_unknownResourceType_isListedAndTheRestIsRead() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "Obsrvation", "id": "typo", "status": "final"}""", """
                {"id": "untyped"}""", """
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "ok", "status": "final", "code": {"text": "x"}}""");

        assertThat(record.observations()).extracting(ObservationEntry::id).containsExactly("Observation/ok");
        assertThat(record.unusable()).extracting(UnusableResource::id)
                .containsExactly("Obsrvation/typo", "Bundle.entry[2]");
        assertThat(record.unusable().get(0).problem()).contains("Obsrvation").doesNotContain("HAPI-");
    }

    /**
     * Found by fuzzing HAPI's parser, which threw StringIndexOutOfBoundsException on it; since issue 17 an element
     * named {@code ""} is an unknown element like any other, which the record does not read.
     */
    @Test
    void read_elementWithAnEmptyName_ignoredAsAnUnknownElement() throws Exception {
        String odd = """
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "odd", "": "x", "status": "final", "code": {"text": "x"}}""";
        String ok = """
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "ok", "status": "final", "code": {"text": "x"}}""";

        for (PatientRecord record : List.of(readWithPatient(odd, ok),
                READER.read(bundle(PATIENT, odd, ok).replaceFirst("\\{", "{\"\": 1, "), "test.json"),
                READER.readResources(List.of(PATIENT, odd, ok), "lines"))) {
            assertThat(record.observations()).extracting(ObservationEntry::id)
                    .containsExactly("Observation/odd", "Observation/ok");
            assertThat(record.unusable()).isEmpty();
        }
    }

    @Test
    void read_patientWithAnElementWithAnEmptyName_readAsThePatient() throws Exception {
        assertThat(READER.read(bundle("{\"resourceType\": \"Patient\", \"id\": \"p1\", \"\": 1}"), "p.json").patientId())
                .isEqualTo("Patient/p1");
    }

    // ---------------------------------------------------------------- inputs that are not one patient's record

    @Test
    void read_malformedJson_namesFileAndLocation() {
        UnusableRecordException e = unusable("{\n  \"resourceType\": \"Bundle\",\n    x\n}", "patient.json");

        assertMessage(e, "patient.json", "not valid JSON (line 3, column 5)");
        assertThat(e).hasCauseInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
    }

    @Test
    void read_truncatedJson_isNotValidJson() {
        assertMessage(unusable("{\"resourceType\": \"Bundle\", \"entry\": [", "cut.json"), "cut.json", "not valid JSON");
    }

    @Test
    void read_emptyOrBlankText_isAnEmptyFile() {
        assertMessage(unusable("", "x.json"), "x.json", "the file is empty");
        assertMessage(unusable(" \n\t ", "x.json"), "x.json", "the file is empty");
        assertMessage(unusable(null, "x.json"), "x.json", "the file is empty");
    }

    @Test
    void read_emptyFile_isAnEmptyFile(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("empty.json"), new byte[0]);

        assertMessage(catchThrowableOfType(UnusableRecordException.class, () -> READER.read(file)),
                file.toString(), "the file is empty");
    }

    @Test
    void read_binaryBytes_isBinaryContent(@TempDir Path dir) throws Exception {
        Path nul = Files.write(dir.resolve("nul.json"), new byte[] {'{', 0, 1, 2, (byte) 0x89, 'P', 'N', 'G', '}'});
        Path latin1 = Files.write(dir.resolve("latin1.json"), "{\"a\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));

        assertMessage(catchThrowableOfType(UnusableRecordException.class, () -> READER.read(nul)),
                nul.toString(), "binary content, not JSON");
        assertMessage(catchThrowableOfType(UnusableRecordException.class, () -> READER.read(latin1)),
                latin1.toString(), "binary content, not JSON");
        assertMessage(unusable("{\"resourceType\"\u0000}", "x.json"), "x.json", "binary content, not JSON");
    }

    @Test
    void read_missingFile_saysSo(@TempDir Path dir) {
        Path gone = dir.resolve("gone.json");
        assertMessage(catchThrowableOfType(UnusableRecordException.class, () -> READER.read(gone)),
                gone.toString(), "does not exist");
    }

    @Test
    void read_patientInsteadOfBundle_isNotABundle() {
        assertMessage(unusable(PATIENT, "x.json"), "x.json", "not a FHIR Bundle (resourceType is Patient)");
        assertMessage(unusable("{\"resourceType\": \"Bundel\"}", "y.json"), "y.json",
                "not a FHIR Bundle (resourceType is Bundel)");
        assertMessage(unusable("{\"id\": \"x\"}", "z.json"), "z.json", "no resourceType");
        assertMessage(unusable("[" + PATIENT + "]", "w.json"), "w.json", "not a FHIR Bundle", "a list");
    }

    @Test
    void read_bundleWithoutPatient_isUnusable() {
        assertMessage(unusable(bundle("{\"resourceType\": \"Observation\", \"id\": \"o\", \"status\": \"final\"}"), "x.json"),
                "x.json", "the Bundle has no Patient");
        assertMessage(unusable("{\"resourceType\": \"Bundle\", \"type\": \"collection\"}", "e.json"),
                "e.json", "the Bundle has no Patient");
    }

    @Test
    void read_bundleWithTwoPatients_isUnusable() {
        UnusableRecordException e = unusable(bundle("{\"resourceType\": \"Patient\", \"id\": \"a\"}",
                "{\"resourceType\": \"Patient\", \"id\": \"b\"}"), "x.json");

        assertMessage(e, "x.json", "the Bundle has 2 Patients (Patient/a, Patient/b); one record per file");
    }

    @Test
    void read_patientWithUnparseableBirthDate_isUnusable() {
        UnusableRecordException e = unusable(bundle("""
                {"resourceType": "Patient", "id": "p1", "birthDate": "19x0-01-01"}""",
                "{\"resourceType\": \"Observation\", \"id\": \"o\", \"status\": \"final\"}"), "x.json");

        assertMessage(e, "x.json", "Patient/p1 birthDate '19x0-01-01' is not a date");
    }

    @Test
    void read_unsupportedBundleType_isUnusable() {
        assertMessage(unusable("{\"resourceType\": \"Bundle\", \"type\": \"history\", \"entry\": [{\"resource\": " + PATIENT + "}]}",
                "h.json"), "h.json", "Bundle type is 'history'");
        assertMessage(unusable("{\"resourceType\": \"Bundle\", \"type\": \"bag\", \"entry\": [{\"resource\": " + PATIENT + "}]}",
                "b.json"), "b.json", "Bundle type is 'bag'");
    }

    // ---------------------------------------------------------------- one patient per record

    /** A fresh pre-dose BP and an aneurysm, each with the given patient reference (JSON of the element). */
    private static String[] bpAndAneurysmOf(String subjectJson) {
        return new String[] {"""
                {"resourceType": "Observation", "id": "bp", "status": "final", %s
                 "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
                 "effectiveDateTime": "2026-03-01T08:45:00Z",
                 "component": [{"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                                "valueQuantity": {"value": 120, "code": "mm[Hg]"}},
                               {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
                                "valueQuantity": {"value": 80, "code": "mm[Hg]"}}]}""".formatted(subjectJson), """
                {"resourceType": "Condition", "id": "aaa", %s
                 "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "I71.4"}]}}"""
                .formatted(subjectJson)};
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "another patient      | \"subject\": {\"reference\": \"Patient/someone-else\"},                  | subject is Patient/someone-else, not this record's patient (Patient/p1)",
        "another, absolute    | \"subject\": {\"reference\": \"https://ehr.example/fhir/Patient/p2\"},   | subject is https://ehr.example/fhir/Patient/p2, not",
        "another, urn:uuid    | \"subject\": {\"reference\": \"urn:uuid:9a0c\"},                         | subject is urn:uuid:9a0c, not",
        "a group              | \"subject\": {\"reference\": \"Group/ward-3\"},                          | subject is Group/ward-3, not",
        "a contained patient  | \"subject\": {\"reference\": \"#p1\"},                                   | subject is #p1, not",
        "an unknown MRN       | \"subject\": {\"identifier\": {\"system\": \"urn:mrn\", \"value\": \"42\"}}, | an identifier the Patient does not carry",
        "a display only       | \"subject\": {\"display\": \"Jane\"},                                     | a display without a reference",
        "no subject           | ,                                                                             | has no subject: whose record it belongs to is unknown"})
    void read_resourcesNotNamingThisPatient_areLeftOutAndReported(String what, String subjectJson, String problem)
            throws Exception {
        PatientRecord record = readWithPatient(bpAndAneurysmOf(subjectJson.equals(",") ? "" : subjectJson));

        assertThat(record.observations()).as(what).isEmpty();
        assertThat(record.conditions()).as(what).isEmpty();
        assertThat(record.unusable()).extracting(UnusableResource::id).containsExactly("Observation/bp", "Condition/aaa");
        assertThat(record.unusable()).allSatisfy(u -> assertThat(u.problem()).contains(problem).doesNotContain("Jane"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "-                                          | Patient/p1",
        "-                                          | Patient/p1/_history/3",
        "-                                          | https://ehr.example/fhir/Patient/p1",
        "https://ehr.example/fhir/Patient/p1        | https://ehr.example/fhir/Patient/p1",
        "urn:uuid:0f3e2c1a-0000-4000-8000-00000000a | urn:uuid:0f3e2c1a-0000-4000-8000-00000000a",
        "-                                          | urn:uuid:p1"})
    void read_referencesToThisPatient_areKept(String patientFullUrl, String reference) throws Exception {
        String patientEntry = (patientFullUrl == null ? "" : "\"fullUrl\": \"" + patientFullUrl + "\", ")
                + "\"resource\": " + PATIENT;
        String[] resources = bpAndAneurysmOf("\"subject\": {\"reference\": \"" + reference + "\"},");
        String json = "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [{" + patientEntry + "}, "
                + "{\"resource\": " + resources[0] + "}, {\"resource\": " + resources[1] + "}]}";

        PatientRecord record = READER.read(json, "t.json");

        assertThat(record.unusable()).isEmpty();
        assertThat(record.observations()).extracting(ObservationEntry::id).containsExactly("Observation/bp");
        assertThat(record.conditions()).extracting(ConditionEntry::id).containsExactly("Condition/aaa");
    }

    @Test
    void read_logicalReferenceByAnIdentifierOfThePatient_isKept() throws Exception {
        String patient = """
                {"resourceType": "Patient", "id": "p1", "identifier": [{"system": "urn:mrn", "value": "42"}]}""";
        String[] resources = bpAndAneurysmOf("""
                "subject": {"type": "Patient", "identifier": {"system": "urn:mrn", "value": "42"}},""");
        PatientRecord record = READER.read(bundle(patient, resources[0], resources[1]), "t.json");

        assertThat(record.unusable()).isEmpty();
        assertThat(record.conditions()).hasSize(1);
    }

    @Test
    void read_everyPatientElement_isChecked() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "AllergyIntolerance", "id": "a", "patient": {"reference": "Patient/p2"},
                 "code": {"text": "ketamine"}}""", """
                {"resourceType": "Coverage", "id": "cov", "status": "active", "beneficiary": {"reference": "Patient/p2"},
                 "payor": [{"reference": "Organization/o"}]}""", """
                {"resourceType": "Consent", "id": "ok", "status": "active", "patient": {"reference": "Patient/p1"},
                 "scope": {"text": "treatment"}, "category": [{"text": "consent"}]}""", """
                {"resourceType": "Medication", "id": "m", "code": {"text": "names no patient: not checked"}}""");

        assertThat(record.allergies()).isEmpty();
        assertThat(record.consents()).hasSize(1);
        assertThat(record.unusable()).extracting(UnusableResource::id)
                .containsExactly("AllergyIntolerance/a", "Coverage/cov");
        assertThat(record.unusable().get(0).problem()).startsWith("patient is Patient/p2");
        assertThat(record.unusable().get(1).problem()).startsWith("beneficiary is Patient/p2");
    }

    @Test
    void read_dispenseAuthorizedByAnotherPatientsRequest_hasNoPrescriberFromIt() throws Exception {
        PatientRecord record = readWithPatient("""
                {"resourceType": "MedicationRequest", "id": "rx", "status": "active", "intent": "order",
                 "subject": {"reference": "Patient/p2"}, "medicationCodeableConcept": {"text": "x"},
                 "requester": {"reference": "Practitioner/dr-b"}}""", """
                {"resourceType": "MedicationDispense", "id": "d", "status": "completed",
                 "subject": {"reference": "Patient/p1"}, "medicationCodeableConcept": {"text": "x"},
                 "authorizingPrescription": [{"reference": "MedicationRequest/rx"}]}""");

        assertThat(record.medications()).extracting(MedicationEntry::id).containsExactly("MedicationDispense/d");
        assertThat(record.medications().get(0).prescriber()).isNull();
    }

    // ---------------------------------------------------------------- entry points

    @Test
    void read_path_usesThePathAsGivenAsSource(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("amy.json"), "\uFEFF" + bundle(PATIENT));

        assertThat(READER.read(file).patientId()).isEqualTo("Patient/p1");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{");
        assertMessage(catchThrowableOfType(UnusableRecordException.class, () -> READER.read(broken)),
                broken.toString(), "not valid JSON");
    }

    @Test
    void read_fileLargerThanMaxFileBytes_unusableAndNotParsed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("r.json"), bundle(PATIENT));
        long size = Files.size(file);

        assertThat(READER.maxFileBytes(size).read(file).patientId()).isEqualTo("Patient/p1");
        assertMessage(catchThrowableOfType(UnusableRecordException.class, () -> READER.maxFileBytes(size - 1).read(file)),
                file.toString(), "the file is " + size + " bytes, more than the " + (size - 1) + " bytes one record may have");
    }

    @Test
    void read_folderOrFifo_unusableWithoutReading(@TempDir Path dir) throws Exception {
        assertMessage(catchThrowableOfType(UnusableRecordException.class, () -> READER.read(dir)), dir.toString(),
                "a folder, not a file");
        Path fifo = dir.resolve("pipe.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0);
        assertMessage(catchThrowableOfType(UnusableRecordException.class, () -> READER.readText(fifo)), fifo.toString(),
                "not a regular file");
    }

    @Test
    void read_parsedBundle_givesTheSameRecordAndLeavesTheBundleUnchanged() throws Exception {
        String json = bundle(PATIENT, """
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "bp", "status": "final",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
                 "component": [{"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                                "valueQuantity": {"value": 120, "code": "mm[Hg]"}}]}""", """
                {"resourceType": "MedicationRequest", "subject": {"reference": "Patient/p1"}, "status": "active", "intent": "order",
                 "contained": [{"resourceType": "Medication", "id": "m", "code": {"text": "ketamine"}}],
                 "medicationReference": {"reference": "#m"},
                 "dosageInstruction": [{"timing": {"repeat": {"boundsPeriod": {"end": "2025-01-01"}}}}]}""", """
                {"resourceType": "MedicationStatement", "subject": {"reference": "Patient/p1"}, "id": "ms", "status": "active",
                 "medicationCodeableConcept": {"text": "x"}, "effectivePeriod": {"end": "2025-01-01"}}""", """
                {"resourceType": "Condition", "subject": {"reference": "Patient/p1"}, "id": "c"}""");
        FhirContext fhir = FhirContext.forR4Cached();
        Bundle bundle = fhir.newJsonParser().parseResource(Bundle.class, json);
        String before = fhir.newJsonParser().encodeResourceToString(bundle);
        int elementsBefore = countElements(bundle);

        PatientRecord fromBundle = READER.read(bundle, "in-memory");

        assertThat(fromBundle).isEqualTo(READER.read(json, "in-memory"));
        assertThat(fhir.newJsonParser().encodeResourceToString(bundle)).isEqualTo(before);
        assertThat(countElements(bundle)).as("HAPI getters create missing elements; the reader must not call them")
                .isEqualTo(elementsBefore);
    }

    /** Every element object in the tree, empty ones too (the encoder leaves empty ones out). */
    private static int countElements(org.hl7.fhir.r4.model.Base element) {
        int count = 1;
        for (org.hl7.fhir.r4.model.Property property : element.children()) {
            for (org.hl7.fhir.r4.model.Base child : property.getValues()) {
                count += countElements(child);
            }
        }
        return count;
    }

    @Test
    void read_fromSeveralThreads_givesTheSameRecord() throws Exception {
        String json = bundle(PATIENT, """
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "o", "status": "final", "code": {"text": "x"},
                 "effectiveDateTime": "2025-01-01T10:00:00Z", "valueQuantity": {"value": 1.5, "code": "kg"}}""", """
                {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}, "id": "bad", "status": "final", "valueQuantity": {"value": "x"}}""");
        PatientRecord expected = READER.read(json, "t.json");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<PatientRecord>> results = pool.invokeAll(
                    java.util.Collections.nCopies(40, () -> READER.read(json, "t.json")));
            for (Future<PatientRecord> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
