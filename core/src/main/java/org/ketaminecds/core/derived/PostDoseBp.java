package org.ketaminecds.core.derived;

import java.util.ArrayList;
import java.util.List;
import org.ketaminecds.core.vocabulary.BloodPressure;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.LatestBloodPressure;

/**
 * The session's BP against its pre-dose baseline (KET-MON-007).
 *
 * @param baseline the latest systolic and diastolic within PRE_DOSE_VITALS_MAX_AGE before T0 (of tied readings, the
 *                 lower: the larger rise)
 * @param measured the latest components after T0
 * @param anyAfter some BP was measured after T0
 * @param crisis   the latest session BP above BP_TIER_C, or {@code null}
 * @param rise     the latest BP after T0 that rose by POST_BP_RISE from the baseline, or {@code null}
 */
public record PostDoseBp(LatestBloodPressure baseline, LatestBloodPressure measured, boolean anyAfter,
                         BloodPressure crisis, BloodPressure rise) {

    /** Of the BP readings from the pre-dose window to the discharge time. */
    public static PostDoseBp of(List<?> bps, Evaluation ev) {
        List<BloodPressure> before = new ArrayList<>();
        List<BloodPressure> after = new ArrayList<>();
        BloodPressure crisis = null;
        for (BloodPressure bp : MonitoringWindows.<BloodPressure>sortedByTime(bps)) {
            if (!bp.effective().isAfter(ev.t0())) {
                before.add(bp);
            }
            if (MonitoringWindows.inSession(bp, ev)
                    && bp.above(ev.threshold("BP_TIER_C_SYSTOLIC"), ev.threshold("BP_TIER_C_DIASTOLIC"))) {
                crisis = bp;
            }
            if (MonitoringWindows.afterDose(bp, ev)) {
                after.add(bp);
            }
        }
        LatestBloodPressure base = LatestBloodPressure.baselineOf(before);
        BloodPressure rise = null;
        for (BloodPressure bp : after) {
            if (BpTier.riseFromBaseline(bp, base, ev)) {
                rise = bp;
            }
        }
        return new PostDoseBp(base, LatestBloodPressure.of(after), !after.isEmpty(), crisis, rise);
    }
}
