package org.ketaminecds.core.derived;

import java.util.List;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;

/** The SPRAVATO REMS Patient Monitoring Form of an esketamine session: whether it applies, is due, was submitted. */
public final class RemsForm {

    private RemsForm() {
    }

    /** The form applies to outpatient settings; only inpatient Encounter classes are exempt (unknown is not). */
    public static boolean applies(String encounterClass) {
        return !"IMP".equals(encounterClass) && !"ACUTE".equals(encounterClass) && !"NONAC".equals(encounterClass);
    }

    /** MON_REMS_PMF_DUE has passed since the session started. */
    public static boolean overdue(Session s, Evaluation ev) {
        return ev.asOf().isAfter(s.start().plus(ev.duration("MON_REMS_PMF_DUE")));
    }

    /** One of the submitted forms was recorded in the session's Encounter, or is about it or one of its administrations. */
    public static boolean submitted(Session s, List<?> forms) {
        for (Object o : forms) {
            Reading r = (Reading) o;
            if (r.isAbout(s.id()) || r.isInEncounter(s.id())) {
                return true;
            }
            for (String id : s.administrations()) {
                if (r.isAbout(id)) {
                    return true;
                }
            }
        }
        return false;
    }
}
