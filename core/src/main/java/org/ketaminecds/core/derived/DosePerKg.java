package org.ketaminecds.core.derived;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.vocabulary.Reading;

/**
 * A racemic ketamine dose per kg of body weight (KET-TOL-002): the planned dose, or that of the latest session, over
 * the latest weight. The rules compare it with TOL_KET_MGKG_INFO, _WARN and _CRIT_IV.
 *
 * @param doseMg   the dose in mg
 * @param givenAt  when the session started, or {@code null} for the planned dose
 * @param route    IV or IM, or {@code null} (judged as IV: it can reach the anaesthetic range)
 * @param weight   the weight reading used
 * @param mgPerKg  dose over weight
 * @param evidence the planned orders or the session's administrations, then the weight
 */
public record DosePerKg(double doseMg, Instant givenAt, Route route, Reading weight, double mgPerKg,
                        List<String> evidence) {

    public DosePerKg {
        evidence = List.copyOf(evidence);
    }

    /** The dose over the weight's value; {@code doseEvidence} are the ids that show the dose. */
    public static DosePerKg of(double doseMg, Instant givenAt, Route route, Reading weight, List<String> doseEvidence) {
        List<String> evidence = new ArrayList<>(doseEvidence);
        evidence.add(weight.id());
        return new DosePerKg(doseMg, givenAt, route, weight, doseMg / weight.value(), evidence);
    }
}
