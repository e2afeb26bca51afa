package org.ketaminecds.core.derived;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ketaminecds.core.vocabulary.Session;

/** The resource ids a finding cites as its evidence, collected from the facts a rule matched. */
public final class EvidenceIds {

    private EvidenceIds() {
    }

    /** The MedicationAdministration ids of the sessions, in the sessions' order. */
    public static List<String> administrations(Collection<?> sessions) {
        List<String> ids = new ArrayList<>();
        for (Object o : sessions) {
            ids.addAll(((Session) o).administrations());
        }
        return ids;
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
