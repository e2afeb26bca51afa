package org.ketaminecds.core.vocabulary;

import java.util.Set;

/**
 * A care plan that counts (not entered in error or revoked).
 *
 * @param id              {@code CarePlan/<id>}
 * @param concepts        concepts of its categories (e.g. {@code LOCAL#treatment-plan})
 * @param definedEndpoint it has a planned end date or a planned number of sessions
 */
public record TreatmentPlan(String id, Set<String> concepts, boolean definedEndpoint) implements Coded {
}
