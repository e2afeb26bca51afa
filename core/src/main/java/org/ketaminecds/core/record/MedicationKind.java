package org.ketaminecds.core.record;

/** The FHIR resource a {@link MedicationEntry} came from. */
public enum MedicationKind {
    STATEMENT("MedicationStatement"),
    REQUEST("MedicationRequest"),
    ADMINISTRATION("MedicationAdministration"),
    DISPENSE("MedicationDispense");

    private final String resourceType;

    MedicationKind(String resourceType) {
        this.resourceType = resourceType;
    }

    public String resourceType() {
        return resourceType;
    }
}
