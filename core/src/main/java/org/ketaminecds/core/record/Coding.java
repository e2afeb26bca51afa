package org.ketaminecds.core.record;

import java.util.Objects;

/**
 * A code from a code system, as sent by the host.
 *
 * @param system  code system URI (see the constants)
 * @param code    the code
 * @param display display text, may be {@code null}
 */
public record Coding(String system, String code, String display) {

    public static final String LOINC = "http://loinc.org";
    public static final String SNOMED = "http://snomed.info/sct";
    public static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
    public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public static final String NDC = "http://hl7.org/fhir/sid/ndc";
    public static final String UCUM = "http://unitsofmeasure.org";
    /** The knowledge base's local code system ({@code LOCAL#...}). */
    public static final String LOCAL = "http://example.org/fhir/CodeSystem/ketamine-cds";

    public Coding {
        Objects.requireNonNull(code, "code");
    }

    public static Coding of(String system, String code) {
        return new Coding(system, code, null);
    }

    /** {@code system|code}, the form used in output. */
    public String token() {
        return (system == null ? "" : system) + "|" + code;
    }
}
