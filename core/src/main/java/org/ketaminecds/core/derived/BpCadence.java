package org.ketaminecds.core.derived;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ketaminecds.core.vocabulary.BloodPressure;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Session;

/**
 * How often BP was measured in a ketamine infusion session: from T0 to the discharge time, no gap longer than
 * MON_KET_BP_INTERVAL_INFUSION while the infusion runs and none longer than MON_KET_BP_INTERVAL_RECOVERY after it;
 * the open gap up to the discharge time counts too.
 *
 * @param gaps        each gap too long, e.g. "no BP from T0+10 min to T0+40 min (infusion running)"
 * @param evidence    the readings (or the administrations, from T0) at either end of a gap too long
 * @param lastReading when the last BP was taken (T0 when none was)
 * @param nextDue     when the next BP is due
 */
public record BpCadence(List<String> gaps, List<String> evidence, Instant lastReading, Instant nextDue) {

    public BpCadence {
        gaps = List.copyOf(gaps);
        evidence = List.copyOf(evidence);
    }

    /** The cadence of the session's BP readings (both components); {@code dosingEnd} null while dosing goes on. */
    public static BpCadence of(Evaluation ev, Session s, Instant dosingEnd, List<?> bps) {
        Instant infusionEnd = dosingEnd == null ? ev.discharge() : dosingEnd;
        List<String> gaps = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        Instant from = ev.t0();
        List<String> fromIds = s.administrations();
        for (BloodPressure bp : MonitoringWindows.<BloodPressure>sortedByTime(bps)) {
            gap(ev, infusionEnd, from, bp.effective(), fromIds, bp.evidence(), gaps, evidence);
            from = bp.effective();
            fromIds = bp.evidence();
        }
        gap(ev, infusionEnd, from, ev.discharge(), fromIds, List.of(), gaps, evidence);
        Instant next = from.plus(dosingEnd == null || from.isBefore(dosingEnd)
                ? ev.duration("MON_KET_BP_INTERVAL_INFUSION") : ev.duration("MON_KET_BP_INTERVAL_RECOVERY"));
        return new BpCadence(gaps, evidence, from, next);
    }

    private static void gap(Evaluation ev, Instant infusionEnd, Instant from, Instant to, List<String> fromIds,
                            List<String> toIds, List<String> gaps, List<String> evidence) {
        Instant infusionPart = to.isBefore(infusionEnd) ? to : infusionEnd;
        boolean infusing = from.isBefore(infusionEnd);
        boolean tooLong = (infusing
                        && Duration.between(from, infusionPart).compareTo(ev.duration("MON_KET_BP_INTERVAL_INFUSION")) > 0)
                || Duration.between(from, to).compareTo(ev.duration("MON_KET_BP_INTERVAL_RECOVERY")) > 0;
        if (tooLong) {
            gaps.add("no BP from " + ClinicalText.sinceT0(ev.t0(), from) + " to " + ClinicalText.sinceT0(ev.t0(), to)
                    + (infusing ? " (infusion running)" : " (recovery)"));
            for (String id : fromIds) {
                if (!evidence.contains(id)) {
                    evidence.add(id);
                }
            }
            for (String id : toIds) {
                if (!evidence.contains(id)) {
                    evidence.add(id);
                }
            }
        }
    }
}
