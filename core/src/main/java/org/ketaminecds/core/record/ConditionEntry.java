package org.ketaminecds.core.record;

import java.time.Instant;
import java.util.List;

/**
 * A diagnosis or problem-list entry.
 *
 * @param id                 {@code Condition/<id>}
 * @param codes              all codings of {@code Condition.code}
 * @param text               {@code code.text}, may be {@code null}
 * @param clinicalStatus     FHIR code (active, recurrence, relapse, inactive, remission, resolved) or {@code null}
 * @param verificationStatus FHIR code (confirmed, provisional, differential, refuted, entered-in-error) or {@code null}
 * @param onset              onset time, or {@code null}
 * @param abatement          abatement time, or {@code null}
 * @param recorded           recorded date, or {@code null}
 * @param hasAbatement       whether any {@code abatement[x]} is present, even one without a date
 */
public record ConditionEntry(
        String id,
        List<Coding> codes,
        String text,
        String clinicalStatus,
        String verificationStatus,
        Instant onset,
        Instant abatement,
        Instant recorded,
        boolean hasAbatement) {

    public ConditionEntry {
        codes = List.copyOf(codes);
    }

    /** An active, confirmed condition with the given codes. */
    public static ConditionEntry active(String id, Instant onset, Coding... codes) {
        return new ConditionEntry(id, List.of(codes), null, "active", "confirmed", onset, null, null, false);
    }
}
