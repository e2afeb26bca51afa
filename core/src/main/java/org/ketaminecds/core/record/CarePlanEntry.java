package org.ketaminecds.core.record;

import java.time.Instant;
import java.util.List;

/**
 * A care plan (the treatment plan of KET-CAND-012 has category {@code LOCAL#treatment-plan}).
 *
 * @param id                   {@code CarePlan/<id>}
 * @param status               FHIR status code
 * @param categories           codings of {@code category}
 * @param periodEnd            {@code period.end}: a planned endpoint, or {@code null}
 * @param plannedActivityCount the largest {@code activity.detail.scheduledTiming.repeat.count} (a planned number of
 *                             sessions), or {@code null}
 */
public record CarePlanEntry(String id, String status, List<Coding> categories, Instant periodEnd,
                            Integer plannedActivityCount) {
    public CarePlanEntry {
        categories = List.copyOf(categories);
    }
}
