package org.ketaminecds.core.record;

import java.time.Instant;
import java.util.List;

/**
 * A procedure.
 *
 * @param id        {@code Procedure/<id>}
 * @param codes     codings of {@code Procedure.code}
 * @param status    FHIR status code
 * @param performed when it was performed (start), or {@code null}
 */
public record ProcedureEntry(String id, List<Coding> codes, String status, Instant performed) {
    public ProcedureEntry {
        codes = List.copyOf(codes);
    }
}
