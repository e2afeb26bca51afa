package org.ketaminecds.core.derived;

import java.util.ArrayList;
import java.util.List;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Latest;
import org.ketaminecds.core.vocabulary.Reading;

/**
 * The abnormal pre-dose heart rate, SpO2 and respiratory rate (KET-MON-003): the latest of each within
 * PRE_DOSE_VITALS_MAX_AGE before T0; of readings tied for the latest, every abnormal heart or respiratory rate and
 * the lower SpO2 (§2.5).
 *
 * @param abnormal     each abnormal reading, e.g. "heart rate 120/min", "SpO2 91%"
 * @param evidence     their ids
 * @param spo2Critical the SpO2 is below SPO2_CRIT
 */
public record PreDoseVitals(List<String> abnormal, List<String> evidence, boolean spo2Critical) {

    public PreDoseVitals {
        abnormal = List.copyOf(abnormal);
        evidence = List.copyOf(evidence);
    }

    /** Of the valid readings of each vital sign in the window. */
    public static PreDoseVitals of(List<?> heartRates, List<?> spo2s, List<?> respiratoryRates, Evaluation ev) {
        List<String> items = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (Reading hr : Latest.<Reading>tied(heartRates)) {
            if (hr.value() > ev.threshold("HR_HIGH") || hr.value() < ev.threshold("HR_LOW")) {
                items.add("heart rate " + ClinicalText.number(hr.value()) + "/min");
                evidence.add(hr.id());
            }
        }
        Reading spo2 = Latest.of(spo2s, Reading.LOWER_VALUE_FIRST);
        if (spo2 != null && spo2.value() < ev.threshold("SPO2_WARN")) {
            items.add("SpO2 " + ClinicalText.number(spo2.value()) + "%");
            evidence.add(spo2.id());
        }
        for (Reading rr : Latest.<Reading>tied(respiratoryRates)) {
            if (rr.value() < ev.threshold("RR_LOW") || rr.value() > ev.threshold("RR_HIGH")) {
                items.add("respiratory rate " + ClinicalText.number(rr.value()) + "/min");
                evidence.add(rr.id());
            }
        }
        return new PreDoseVitals(items, evidence, spo2 != null && spo2.value() < ev.threshold("SPO2_CRIT"));
    }

    /** Whether some vital sign is abnormal. */
    public boolean anyAbnormal() {
        return !abnormal.isEmpty();
    }

    /** The abnormal readings: "heart rate 120/min, SpO2 91%". */
    public String items() {
        return String.join(", ", abnormal);
    }
}
