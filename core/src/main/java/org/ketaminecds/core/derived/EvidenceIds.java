package org.ketaminecds.core.derived;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ketaminecds.core.vocabulary.Allergy;
import org.ketaminecds.core.vocabulary.Diagnosis;
import org.ketaminecds.core.vocabulary.Medication;
import org.ketaminecds.core.vocabulary.Person;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;

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

    /** The MedicationAdministration ids of the sessions, in the sessions' order. */
    public static List<String> administrations(Collection<?> sessions) {
        List<String> ids = new ArrayList<>();
        for (Object o : sessions) {
            ids.addAll(((Session) o).administrations());
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

    /** The administrations of each recorded session, and the planned orders for the planned session. */
    static List<String> ofSessions(Collection<Session> sessions, List<String> plannedOrders) {
        List<String> ids = new ArrayList<>();
        for (Session s : sessions) {
            ids.addAll(SessionSeries.isPlanned(s) ? plannedOrders : s.administrations());
        }
        return ids;
    }
}
