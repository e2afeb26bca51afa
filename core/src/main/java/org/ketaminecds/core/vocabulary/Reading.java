package org.ketaminecds.core.vocabulary;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An observation that counts (status final, amended, corrected or preliminary; dated by asOf; plausible), filed under
 * one of its value-set concepts. An observation in two value sets is two Readings, one per concept (per concept some
 * rule looks readings up by: no other could be found), so that a rule
 * opening with {@code Reading( concept == "VS-X" )} is found by one hash lookup per fact instead of one test per
 * rule (Drools hashes {@code ==} on a field, not {@code isA}). A pattern therefore opens with {@code concept == "..."}
 * or, for alternatives, {@link #isAnyOf}: either matches each observation once. The package check refuses any other
 * opening.
 *
 * @param id            {@code Observation/<id>}
 * @param concept       the value-set concept this fact is filed under, one of {@code concepts}
 * @param concepts      value-set concepts of its code
 * @param effective     when it was measured
 * @param value         numeric value, or {@code null}
 * @param unit          UCUM unit of the value, or {@code null}
 * @param valueConcepts concepts of a coded value (e.g. positive / negative, LA answer codes)
 * @param booleanValue  a documented yes/no, or {@code null}
 * @param referenceHigh upper limit of normal, or {@code null}
 * @param focus         what it is about ({@code focus} references, e.g. the antidepressant trial it judges)
 * @param encounter     the Encounter it was recorded in ({@code Observation.encounter}), or {@code null}
 * @param latest        whether it is the latest reading of its code
 */
public record Reading(String id, String concept, Set<String> concepts, Instant effective, Double value, String unit,
                      Set<String> valueConcepts, Boolean booleanValue, Double referenceHigh, List<String> focus,
                      String encounter, boolean latest) implements Coded, Timed {

    /**
     * True when the observation is in one of the value sets and this is its fact filed under the first of them that
     * it is in: a reading in two of them matches once, not once per concept.
     */
    public boolean isAnyOf(String... alternatives) {
        for (String c : alternatives) {
            if (concepts.contains(c)) {
                return c.equals(concept);
            }
        }
        return false;
    }

    public boolean isTrue() {
        return Boolean.TRUE.equals(booleanValue);
    }

    public boolean isFalse() {
        return Boolean.FALSE.equals(booleanValue);
    }

    public boolean valueIsA(String concept) {
        return valueConcepts.contains(concept);
    }

    /** True when it is about the given resource ({@code MedicationStatement/x}). */
    public boolean isAbout(String resourceId) {
        return focus.contains(resourceId);
    }

    /** True when it was recorded in the given Encounter ({@code Encounter/x}). */
    public boolean isInEncounter(String encounterId) {
        return encounter != null && encounter.equals(encounterId);
    }
}
