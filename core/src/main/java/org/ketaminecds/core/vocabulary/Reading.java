package org.ketaminecds.core.vocabulary;

import java.time.Instant;
import java.util.Comparator;
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
 * @param issued        when it was issued ({@code Observation.issued}), or {@code null}: breaks a tie of effective times
 * @param value         numeric value, or {@code null}; converted to the unit the rules use when the package knows one
 *                      and the sent unit converts to it (e.g. 176 [lb_av] is 79.8 kg)
 * @param unit          UCUM unit of the value (after conversion), or {@code null}
 * @param valueConcepts concepts of a coded value (e.g. positive / negative, LA answer codes)
 * @param booleanValue  a documented yes/no, or {@code null}
 * @param referenceHigh upper limit of normal, in the unit of {@code value}, or {@code null}
 * @param focus         what it is about ({@code focus} references, e.g. the antidepressant trial it judges)
 * @param encounter     the Encounter it was recorded in ({@code Observation.encounter}), or {@code null}
 * @param latest        whether it is the latest reading of its code: no other is later by effective time, then issued
 *                      (readings tied on both are all latest: a rule then sees each, and the safer value decides)
 */
public record Reading(String id, String concept, Set<String> concepts, Instant effective, Instant issued, Double value,
                      String unit,
                      Set<String> valueConcepts, Boolean booleanValue, Double referenceHigh, List<String> focus,
                      String encounter, boolean latest) implements Coded, Timed {

    /** For {@link Latest#of}: of tied readings, the lower value counts (e.g. SpO2, MOAA/s). */
    public static final Comparator<Reading> LOWER_VALUE_FIRST = Comparator.comparing(Reading::value,
            Comparator.nullsLast(Comparator.naturalOrder()));

    /** For {@link Latest#of}: of tied readings, the higher value counts (e.g. a score that worsens upwards). */
    public static final Comparator<Reading> HIGHER_VALUE_FIRST = Comparator.comparing(Reading::value,
            Comparator.nullsLast(Comparator.reverseOrder()));

    /** For {@link Latest#of}: of tied yes/no readings, a documented "no" counts first, then one without a yes/no. */
    public static final Comparator<Reading> NOT_TRUE_FIRST = Comparator.comparingInt(r -> r.isFalse() ? 0 : r.isTrue() ? 2 : 1);

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
