package org.ketaminecds.core.derived;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ketaminecds.core.vocabulary.DataIssue;
import org.ketaminecds.core.vocabulary.Diagnosis;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;

/** The resource ids a finding cites as its evidence, collected from the facts a rule matched. */
public final class EvidenceIds {

    private EvidenceIds() {
    }

    /** The ids of readings and diagnoses, sorted. */
    public static List<String> of(List<?> facts) {
        List<String> ids = new ArrayList<>();
        for (Object o : facts) {
            ids.add(o instanceof Diagnosis d ? d.id() : ((Reading) o).id());
        }
        Collections.sort(ids);
        return ids;
    }

    /** The ids of the readings whose value is below {@code limit}, sorted. */
    static List<String> valueBelow(List<?> readings, double limit) {
        List<String> ids = new ArrayList<>();
        for (Object o : readings) {
            if (((Reading) o).value() < limit) {
                ids.add(((Reading) o).id());
            }
        }
        Collections.sort(ids);
        return ids;
    }

    /** The resources of data issues, in resource-id order, once each. */
    public static List<String> ofIssues(List<?> issues) {
        List<String> ids = new ArrayList<>();
        for (DataIssue d : InvalidValues.sorted(issues)) {
            if (!ids.contains(d.resourceId())) {
                ids.add(d.resourceId());
            }
        }
        return ids;
    }

    /** The administrations of the first of the sessions (a collected {@code Session( latest )}), or none. */
    public static List<String> administrations(List<?> sessions) {
        return sessions.isEmpty() ? List.of() : ((Session) sessions.get(0)).administrations();
    }

    /** The administrations of every session, the sessions in time order. */
    public static List<String> administrationsOf(List<?> sessions) {
        List<String> ids = new ArrayList<>();
        for (Session s : MonitoringWindows.<Session>sortedByTime(sessions)) {
            ids.addAll(s.administrations());
        }
        return ids;
    }
}
