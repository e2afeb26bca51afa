package org.ketaminecds.core.derived;

import org.ketaminecds.core.vocabulary.BloodPressure;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.LatestBloodPressure;

/** The dosing tier a pre-dose BP reaches: above BP_TIER_C, at or above BP_TIER_B, above BP_TIER_A, or none. */
public enum BpTier {
    NONE, CAUTION, HOLD, DO_NOT_DOSE;

    /** The tier's name in the wording ("caution", "hold", "do-not-dose"; "none"). */
    public String wordingName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The highest tier either known component reaches. */
    static BpTier of(LatestBloodPressure bp, Evaluation ev) {
        if (bp.above(ev.threshold("BP_TIER_C_SYSTOLIC"), ev.threshold("BP_TIER_C_DIASTOLIC"))) {
            return DO_NOT_DOSE;
        }
        if (bp.atLeast(ev.threshold("BP_TIER_B_SYSTOLIC"), ev.threshold("BP_TIER_B_DIASTOLIC"))) {
            return HOLD;
        }
        return bp.above(ev.threshold("BP_TIER_A_SYSTOLIC"), ev.threshold("BP_TIER_A_DIASTOLIC")) ? CAUTION : NONE;
    }

    /** A rise by POST_BP_RISE from the pre-dose baseline, in a component that both the reading and the baseline have. */
    static boolean riseFromBaseline(BloodPressure bp, LatestBloodPressure base, Evaluation ev) {
        return (bp.systolic() != null && base.systolic() != null
                        && bp.systolic() - base.systolic() >= ev.threshold("POST_BP_RISE_SYSTOLIC"))
                || (bp.diastolic() != null && base.diastolic() != null
                        && bp.diastolic() - base.diastolic() >= ev.threshold("POST_BP_RISE_DIASTOLIC"));
    }
}
