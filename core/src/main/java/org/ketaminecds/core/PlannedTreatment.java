package org.ketaminecds.core;

import java.time.Instant;

/**
 * The treatment being considered. Every component may be unknown ({@code null}).
 *
 * @param product     esketamine or racemic ketamine
 * @param route       route of administration
 * @param doseMg      planned dose in mg
 * @param plannedTime planned dose time: T0 in pre-dose mode
 * @param sourceId    the MedicationRequest it came from ({@code MedicationRequest/x}), if any
 */
public record PlannedTreatment(Product product, Route route, Double doseMg, Instant plannedTime, String sourceId) {

    public static final PlannedTreatment UNKNOWN = new PlannedTreatment(null, null, null, null, null);

    public static PlannedTreatment of(Product product, Route route) {
        return new PlannedTreatment(product, route, null, null, null);
    }

    /** Fills what this one leaves unknown from {@code other}: explicit choices win over the record. */
    public PlannedTreatment orElse(PlannedTreatment other) {
        if (other == null) {
            return this;
        }
        return new PlannedTreatment(
                product != null ? product : other.product,
                route != null ? route : other.route,
                doseMg != null ? doseMg : other.doseMg,
                plannedTime != null ? plannedTime : other.plannedTime,
                sourceId != null ? sourceId : other.sourceId);
    }
}
