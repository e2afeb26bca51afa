package org.ketaminecds.core.record;

import java.time.Instant;
import java.util.List;

/**
 * A consent (e.g. informed consent for off-label racemic ketamine, category {@code LOCAL#offlabel-consent}).
 *
 * @param id         {@code Consent/<id>}
 * @param status     FHIR status code (draft, proposed, active, rejected, inactive, entered-in-error)
 * @param categories codings of {@code category}
 * @param dateTime   {@code dateTime}, or {@code null}
 */
public record ConsentEntry(String id, String status, List<Coding> categories, Instant dateTime) {
    public ConsentEntry {
        categories = List.copyOf(categories);
    }
}
