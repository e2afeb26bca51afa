package org.ketaminecds.core.record;

import java.time.Instant;
import java.util.List;

/**
 * An encounter (a treatment session has type {@code LOCAL#ketamine-session}).
 *
 * @param id              {@code Encounter/<id>}
 * @param status          FHIR status code
 * @param classCode       {@code class.code}: AMB (outpatient), IMP (inpatient), ...; or {@code null}
 * @param types           codings of {@code type}
 * @param start           {@code period.start}, or {@code null}
 * @param end             {@code period.end}, or {@code null}
 * @param serviceProvider the {@code serviceProvider} reference, or {@code null}
 * @param locations       the {@code location.location} references
 */
public record EncounterEntry(String id, String status, String classCode, List<Coding> types, Instant start,
                             Instant end, String serviceProvider, List<String> locations) {
    public EncounterEntry {
        types = List.copyOf(types);
        locations = List.copyOf(locations);
    }
}
