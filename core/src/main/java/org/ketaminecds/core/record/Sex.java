package org.ketaminecds.core.record;

/** Administrative sex as FHIR {@code Patient.gender} gives it. */
public enum Sex {
    FEMALE,
    MALE,
    OTHER,
    UNKNOWN
}
