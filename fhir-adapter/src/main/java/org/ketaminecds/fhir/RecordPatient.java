package org.ketaminecds.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The patient a record is about, and whether a resource is theirs: the one check every reading path goes through
 * (a Bundle for {@code evaluate}, a CDS Hooks prefetch, a patient's Bulk Data lines), so that another patient's
 * data is never read into this patient's record.
 *
 * <p>A resource whose type has a patient element ({@code subject}, {@code patient} or {@code beneficiary}: the
 * elements R4 uses for "whose record this is") must reference this patient in each of them: by {@code Patient/id}
 * (relative, absolute, with or without {@code _history}), by the fullUrl of the Patient's entry, by
 * {@code urn:uuid:id}, or by an identifier the Patient carries. Anything else is not this patient's: another
 * patient, a Group or a Device, a display without a reference, or no element at all. Types without such an element
 * (Medication, Organization, Location, PractitionerRole...) name no patient and are not checked.
 *
 * <p>Which R4 types have which of those elements is {@link #PATIENT_ELEMENTS}, read off the FHIR R4 model (a test
 * holds it to HAPI's model, so it cannot drift).
 */
final class RecordPatient {

    /** The elements by which R4 resources say whose they are, by type; a star marks a repeating one. */
    static final Map<String, List<String>> PATIENT_ELEMENTS = patientElements("""
            Account: subject*; AdverseEvent: subject; AllergyIntolerance: patient; Basic: subject;
            BodyStructure: patient; CarePlan: subject; CareTeam: subject; ChargeItem: subject; Claim: patient;
            ClaimResponse: patient; ClinicalImpression: subject; Communication: subject; CommunicationRequest: subject;
            Composition: subject; Condition: subject; Consent: patient; Contract: subject*; Coverage: beneficiary;
            CoverageEligibilityRequest: patient; CoverageEligibilityResponse: patient; DetectedIssue: patient;
            Device: patient; DeviceRequest: subject; DeviceUseStatement: subject; DiagnosticReport: subject;
            DocumentManifest: subject; DocumentReference: subject; Encounter: subject; EpisodeOfCare: patient;
            ExplanationOfBenefit: patient; FamilyMemberHistory: patient; Flag: subject; Goal: subject;
            GuidanceResponse: subject; ImagingStudy: subject; Immunization: patient; ImmunizationEvaluation: patient;
            ImmunizationRecommendation: patient; Invoice: subject; List: subject; MeasureReport: subject;
            Media: subject; MedicationAdministration: subject; MedicationDispense: subject;
            MedicationRequest: subject; MedicationStatement: subject; MedicinalProductAuthorization: subject;
            MedicinalProductContraindication: subject*; MedicinalProductIndication: subject*;
            MedicinalProductInteraction: subject*; MedicinalProductPackaged: subject*;
            MedicinalProductUndesirableEffect: subject*; MolecularSequence: patient; NutritionOrder: patient;
            Observation: subject; Procedure: subject; QuestionnaireResponse: subject; RelatedPerson: patient;
            RequestGroup: subject; RiskAssessment: subject; ServiceRequest: subject; Specimen: subject;
            SupplyDelivery: patient; VisionPrescription: patient""");
    /** The primitive members of a Reference: one with none of them, no identifier and no extension names nothing. */
    private static final List<String> REFERENCE_PRIMITIVES = List.of("reference", "type", "display", "id");

    private final String recordId;
    private final String idPart;
    private final Set<String> identifiers = new HashSet<>();
    /** The mapper's reference resolution (fullUrl of the Bundle's entries first), so both agree on targets. */
    private final Function<String, String> resolve;

    /**
     * @param recordId the Patient's record id, {@code Patient/<id>}
     * @param patient  the Patient resource (for its identifiers)
     * @param read     the Patient's reading (its problems make the record unusable)
     * @param resolve  a reference's record id, as the mapper resolves references
     */
    RecordPatient(String recordId, JsonNode patient, FhirElements read, Function<String, String> resolve) {
        this.recordId = recordId;
        this.idPart = recordId.substring(recordId.indexOf('/') + 1);
        this.resolve = resolve;
        for (JsonNode identifier : read.objects(patient, "identifier")) {
            String value = read.text(identifier, "value");
            if (value != null) {
                identifiers.add(key(read.text(identifier, "system"), value));
            }
        }
    }

    /**
     * Why {@code resource} (of {@code type}) is not this patient's, in one line naming ids only; {@code null} when it
     * is (or when its type names no patient). The elements are read with {@code read}, which collects their problems.
     */
    String problemWith(String type, JsonNode resource, FhirElements read) {
        List<String> elements = PATIENT_ELEMENTS.get(type);
        if (elements == null) {
            return null;
        }
        boolean namesThisPatient = false;
        for (String element : elements) {
            String name = element.replace("*", "");
            List<JsonNode> references = element.endsWith("*") ? read.objects(resource, name)
                    : nonNull(read.object(resource, name));
            for (JsonNode reference : references) {
                if (names(reference)) {
                    String target = read.text(reference, "reference");
                    if (!isThisPatient(reference, target, read)) {
                        return name + " is " + describe(reference, target, read) + ", not this record's patient ("
                                + recordId + ")";
                    }
                    namesThisPatient = true;
                }
            }
        }
        return namesThisPatient ? null : "has no " + elements.get(0).replace("*", "")
                + ": whose record it belongs to is unknown";
    }

    private static List<JsonNode> nonNull(JsonNode node) {
        return node == null ? List.of() : List.of(node);
    }

    private static boolean names(JsonNode reference) {
        for (String member : REFERENCE_PRIMITIVES) {
            if (FhirElements.isPresent(reference, member)) {
                return true;
            }
        }
        return !FhirElements.isEmpty(reference.get("identifier")) || !FhirElements.isEmpty(reference.get("extension"));
    }

    private boolean isThisPatient(JsonNode reference, String target, FhirElements read) {
        if (target != null) {
            if (recordId.equals(resolve.apply(target))) {
                return true;
            }
            // urn:uuid:<id> without a Bundle entry of that fullUrl (Bulk Data lines), as the grouping reads it
            return (target.startsWith("urn:uuid:") || target.startsWith("urn:oid:"))
                    && idPart.equals(BundleEntry.stripUrn(target));
        }
        JsonNode identifier = read.object(reference, "identifier");
        String value = read.text(identifier, "value");
        String type = read.text(reference, "type");
        return value != null && (type == null || "Patient".equals(type))
                && identifiers.contains(key(read.text(identifier, "system"), value));
    }

    private static String describe(JsonNode reference, String target, FhirElements read) {
        if (target != null) {
            return target;
        }
        return !FhirElements.isEmpty(read.object(reference, "identifier")) ? "an identifier the Patient does not carry"
                : "a display without a reference";
    }

    private static String key(String system, String value) {
        return (system == null ? "" : system) + "|" + value;
    }

    private static Map<String, List<String>> patientElements(String table) {
        Map<String, List<String>> byType = new HashMap<>();
        for (String row : table.split(";")) {
            String[] typeAndElements = row.split(":");
            byType.put(typeAndElements[0].strip(), List.of(typeAndElements[1].strip().split(" ")));
        }
        return Map.copyOf(byType);
    }
}
