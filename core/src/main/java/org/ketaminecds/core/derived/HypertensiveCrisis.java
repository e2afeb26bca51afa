package org.ketaminecds.core.derived;

import org.ketaminecds.core.vocabulary.Diagnosis;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Reading;

/** Signs of a hypertensive crisis or encephalopathy during the session (KET-MON-008, and KET-MON-013 after it). */
public final class HypertensiveCrisis {

    private HypertensiveCrisis() {
    }

    /** A symptom documented in the session and not documented absent (false, or a Negative value). */
    public static boolean symptomInSession(Reading r, Evaluation ev) {
        boolean symptom = r.isA("VS-HTN-CRISIS-SYMPTOMS") || r.isA("LOCAL#hypertensive-crisis-symptom")
                || r.isA("LOCAL#sudden-severe-headache") || r.isA("LOCAL#focal-neurological-deficit");
        return symptom && MonitoringWindows.inSession(r, ev) && !r.isFalse() && !r.valueIsA("VS-NEGATIVE");
    }

    /**
     * An active crisis or encephalopathy with onset in the session or no onset (never old news), or an active symptom
     * condition with onset in the session.
     */
    public static boolean diagnosedInSession(Diagnosis d, Evaluation ev) {
        if (!d.active()) {
            return false;
        }
        if (d.isA("VS-HTN-CRISIS")) {
            return d.onset() == null || MonitoringWindows.inSession(d, ev);
        }
        return d.isA("VS-HTN-CRISIS-SYMPTOMS") && MonitoringWindows.inSession(d, ev);
    }
}
