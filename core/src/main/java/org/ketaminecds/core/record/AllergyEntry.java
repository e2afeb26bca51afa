package org.ketaminecds.core.record;

import java.util.List;

/**
 * An allergy or intolerance.
 *
 * @param id                 {@code AllergyIntolerance/<id>}
 * @param codes              codings of the substance
 * @param clinicalStatus     FHIR code (active, inactive, resolved) or {@code null}
 * @param verificationStatus FHIR code (confirmed, unconfirmed, refuted, entered-in-error) or {@code null}
 */
public record AllergyEntry(String id, List<Coding> codes, String clinicalStatus, String verificationStatus) {
    public AllergyEntry {
        codes = List.copyOf(codes);
    }
}
