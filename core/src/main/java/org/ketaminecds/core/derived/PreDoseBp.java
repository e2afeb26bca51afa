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

    /** The component that is not known ("systolic", "diastolic", "systolic and diastolic"), or {@code null}. */
    public String missing() {
        return reading.missing();
    }

    /** The one component that is known when the other is missing: "systolic" or "diastolic". */
    public String present() {
        return reading.systolic() != null ? "systolic" : "diastolic";
    }

    /** The value of the {@link #present()} component, in mmHg to one decimal: "94". */
    public String presentValue() {
        Double v = reading.systolic() != null ? reading.systolic() : reading.diastolic();
        return v == null ? null : ClinicalText.number(Math.round(v * 10) / 10.0);
    }
}
