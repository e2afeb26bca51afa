package org.ketaminecds.core.derived;

import java.util.List;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.LatestBloodPressure;

/**
 * The pre-dose BP (KET-MON-001, -002): the latest systolic and the latest diastolic within PRE_DOSE_VITALS_MAX_AGE
 * before T0, and the tier they reach.
 *
 * @param reading the latest components (either may be missing)
 * @param tier    the highest tier a known component reaches
 */
public record PreDoseBp(LatestBloodPressure reading, BpTier tier) {

    /** Of the BP readings in the pre-dose window. */
    public static PreDoseBp of(List<?> bps, Evaluation ev) {
        LatestBloodPressure bp = LatestBloodPressure.of(bps);
        return new PreDoseBp(bp, BpTier.of(bp, ev));
    }
}
