package org.ketaminecds.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * What to evaluate: the mode, the evaluation time and, optionally, the planned treatment.
 *
 * @param mode             candidacy, pre-dose, post-dose or review
 * @param asOf             the evaluation time; data dated after it is ignored, so old evaluations replay exactly
 * @param plannedTreatment an explicit choice of product/route/time; {@link PlannedTreatment#UNKNOWN} to take it from
 *                         the record's ketamine or esketamine MedicationRequest
 */
public record EvaluationContext(Mode mode, Instant asOf, PlannedTreatment plannedTreatment) {

    public EvaluationContext {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(asOf, "asOf");
        plannedTreatment = plannedTreatment == null ? PlannedTreatment.UNKNOWN : plannedTreatment;
    }

    public static EvaluationContext of(Mode mode, Instant asOf) {
        return new EvaluationContext(mode, asOf, PlannedTreatment.UNKNOWN);
    }

    /**
     * Reads an evaluation time as the command line and scenario files give it: a date-time with offset
     * ({@code 2026-03-01T09:00:00Z}), or a date meaning the start of that day, UTC.
     *
     * @throws IllegalArgumentException when it is neither, with a message that says what is expected
     */
    public static Instant parseTime(String text) {
        String t = text.trim();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text
                    + "' is neither a date-time with offset (2026-03-01T09:00:00Z) nor a date (2026-03-01)", e);
        }
    }

    public EvaluationContext withPlannedTreatment(PlannedTreatment treatment) {
        return new EvaluationContext(mode, asOf, treatment);
    }
}
