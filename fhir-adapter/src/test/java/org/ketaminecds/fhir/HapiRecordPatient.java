package org.ketaminecds.fhir;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Pre-issue-17, frozen for {@link HapiRecordReader} (the equivalence oracle). The patient a record is about, and whether a resource is theirs: the one check every reading path goes through
 * (a Bundle for {@code evaluate}, a CDS Hooks prefetch, a patient's Bulk Data lines), so that another patient's
 * data is never read into this patient's record.
 *
 * <p>A resource whose type has a patient element ({@code subject}, {@code patient} or {@code beneficiary}: the
 * elements R4 uses for "whose record this is") must reference this patient in each of them: by {@code Patient/id}
 * (relative, absolute, with or without {@code _history}), by the fullUrl of the Patient's entry, by
 * {@code urn:uuid:id}, or by an identifier the Patient carries. Anything else is not this patient's: another
 * patient, a Group or a Device, a display without a reference, or no element at all. Types without such an element
 * (Medication, Organization, Location, PractitionerRole...) name no patient and are not checked.
 */
final class HapiRecordPatient {

    /** The elements by which R4 resources say whose they are. */
    private static final List<String> PATIENT_ELEMENTS = List.of("subject", "patient", "beneficiary");

    private final String recordId;
    private final String idPart;
    private final Set<String> identifiers = new HashSet<>();
    /** The mapper's reference resolution (fullUrl of the Bundle's entries first), so both agree on targets. */
    private final Function<Reference, String> resolve;

    /**
     * @param recordId the Patient's record id, {@code Patient/<id>}
     * @param patient  the Patient resource (for its identifiers)
     * @param resolve  a reference's record id, as the mapper resolves references
     */
    HapiRecordPatient(String recordId, Patient patient, Function<Reference, String> resolve) {
        this.recordId = recordId;
        this.idPart = recordId.substring(recordId.indexOf('/') + 1);
        this.resolve = resolve;
        if (patient.hasIdentifier()) {
            for (Identifier identifier : patient.getIdentifier()) {
                if (identifier.hasValue()) {
                    identifiers.add(key(identifier));
                }
            }
        }
    }

    /**
     * Why {@code resource} is not this patient's, in one line naming ids only; {@code null} when it is (or when its
     * type names no patient).
     */
    String problemWith(Resource resource) {
        if (resource instanceof Patient) {
            return null;
        }
        String element = null; // the first patient element the type has, for the message
        boolean namesThisPatient = false;
        for (String name : PATIENT_ELEMENTS) {
            Property property = resource.getNamedProperty(name); // null when the type has no such element
            if (property == null || !property.getTypeCode().startsWith("Reference")) {
                continue;
            }
            element = element == null ? name : element;
            for (Base value : property.getValues()) {
                if (value instanceof Reference reference && !reference.isEmpty()) {
                    if (!isThisPatient(reference)) {
                        return name + " is " + describe(reference) + ", not this record's patient (" + recordId + ")";
                    }
                    namesThisPatient = true;
                }
            }
        }
        return element == null || namesThisPatient ? null
                : "has no " + element + ": whose record it belongs to is unknown";
    }

    private boolean isThisPatient(Reference reference) {
        if (reference.hasReference()) {
            String target = reference.getReference();
            if (recordId.equals(resolve.apply(reference))) {
                return true;
            }
            // urn:uuid:<id> without a Bundle entry of that fullUrl (Bulk Data lines), as the grouping reads it
            return (target.startsWith("urn:uuid:") || target.startsWith("urn:oid:"))
                    && idPart.equals(HapiBundleEntry.stripUrn(target));
        }
        return reference.hasIdentifier() && reference.getIdentifier().hasValue()
                && (!reference.hasType() || "Patient".equals(reference.getType()))
                && identifiers.contains(key(reference.getIdentifier()));
    }

    private static String describe(Reference reference) {
        if (reference.hasReference()) {
            return reference.getReference();
        }
        return reference.hasIdentifier() ? "an identifier the Patient does not carry" : "a display without a reference";
    }

    private static String key(Identifier identifier) {
        return (identifier.hasSystem() ? identifier.getSystem() : "") + "|" + identifier.getValue();
    }
}
