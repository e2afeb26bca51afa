package org.ketaminecds.core.vocabulary;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An observation that counts (status final, amended, corrected or preliminary; dated by asOf; plausible).
 *
 * @param id            {@code Observation/<id>}
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
public record Reading(String id, Set<String> concepts, Instant effective, Double value, String unit,
                      Set<String> valueConcepts, Boolean booleanValue, Double referenceHigh, List<String> focus,
                      String encounter, boolean latest) implements Coded, Timed {

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
