package org.ketaminecds.core.derived;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ketaminecds.core.vocabulary.Allergy;
import org.ketaminecds.core.vocabulary.Diagnosis;
import org.ketaminecds.core.vocabulary.Medication;
import org.ketaminecds.core.vocabulary.Person;
import org.ketaminecds.core.vocabulary.Reading;

/** The resource ids a finding cites as its evidence, collected from the facts a rule matched. */
public final class EvidenceIds {

    private EvidenceIds() {
    }

    /** The ids of facts of any resource type, in their order (the finding sorts its evidence). */
    public static List<String> ofAny(Collection<?> facts) {
        List<String> ids = new ArrayList<>(facts.size());
        for (Object fact : facts) {
            ids.add(idOf(fact));
        }
        return ids;
    }

    /** The resource id of one fact: a Medication, Diagnosis, Reading, Allergy or Person. */
    static String idOf(Object fact) {
        if (fact instanceof Medication m) {
            return m.id();
        }
        if (fact instanceof Diagnosis d) {
            return d.id();
        }
        if (fact instanceof Reading r) {
            return r.id();
        }
        if (fact instanceof Allergy a) {
            return a.id();
        }
        if (fact instanceof Person p) {
            return p.id();
        }
        throw new IllegalArgumentException("no resource id for a " + fact.getClass().getSimpleName());
    }
}
