package org.ketaminecds.core.derived;

import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Person;

/** Whether the patient is an older adult (OLDER_ADULT_AGE or over), for BP guidance that differs with age. */
public final class OlderAdult {

    private OlderAdult() {
    }

    static boolean is(Person patient, Evaluation ev) {
        return patient.ageKnown() && patient.ageYears() >= ev.threshold("OLDER_ADULT_AGE");
    }

    /** The note KET-MON-002 appends for an older adult, else "". */
    public static String note(Person patient, Evaluation ev) {
        return is(patient, ev) ? " Age 65 or over: non-US labelling uses 150/90 as its guide (unverified)." : "";
    }
}
