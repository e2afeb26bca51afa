package org.ketaminecds.core.record;

import java.time.Instant;
import java.util.List;

/**
 * A flag (e.g. REMS enrolment {@code LOCAL#rems-patient-enrolled}, a lost/stolen report).
 *
 * @param id     {@code Flag/<id>}
 * @param status FHIR status code (active, inactive, entered-in-error)
 * @param codes  codings of {@code code}
 * @param start  {@code period.start}, or {@code null}
 * @param end    {@code period.end}, or {@code null}
 */
public record FlagEntry(String id, String status, List<Coding> codes, Instant start, Instant end) {
    public FlagEntry {
        codes = List.copyOf(codes);
    }
}
