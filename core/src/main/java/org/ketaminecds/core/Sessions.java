package org.ketaminecds.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ketaminecds.core.record.EncounterEntry;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.vocabulary.Course;
import org.ketaminecds.core.vocabulary.Medication;
import org.ketaminecds.core.vocabulary.Session;


/**
 * Groups ketamine and esketamine administrations into sessions and courses (knowledge-base §2.5): by the session
 * Encounter when the administration names one, else administrations less than 2 h apart form one session.
 */
final class Sessions {

    private static final Duration SAME_SESSION = Duration.ofHours(2);

    private Sessions() {
    }

    /** What the grouping gives: sessions in time order, and one course per product. */
    record Result(List<Session> sessions, List<Course> courses) {
        Session latest() {
            return sessions.isEmpty() ? null : sessions.get(sessions.size() - 1);
        }
    }

    static Result of(List<Medication> medications, Map<String, EncounterEntry> encounters) {
        List<Medication> given = medications.stream()
                .filter(m -> m.kind() == MedicationKind.ADMINISTRATION && m.isA(FactBuilder.KETAMINE_PRODUCTS)
                        && m.start() != null)
                .sorted(Comparator.comparing(Medication::start).thenComparing(Medication::id))
                .toList();
        Map<String, List<Medication>> groups = new LinkedHashMap<>();
        String open = null;
        Medication previous = null;
        for (Medication m : given) {
            String key;
            if (m.encounter() != null) {
                key = m.encounter();
            } else if (open != null && previous.encounter() == null
                    && Duration.between(previous.start(), m.start()).compareTo(SAME_SESSION) < 0) {
                key = open;
            } else {
                key = "Session/" + m.id().substring(m.id().indexOf('/') + 1);
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
            open = key;
            previous = m;
        }
        List<Map.Entry<String, List<Medication>>> ordered = new ArrayList<>(groups.entrySet());
        ordered.sort(Comparator.comparing(e -> e.getValue().get(0).start()));
        List<Session> sessions = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            String id = ordered.get(i).getKey();
            sessions.add(session(id, ordered.get(i).getValue(), encounters.get(id), i + 1, i == ordered.size() - 1));
        }
        return new Result(sessions, courses(sessions));
    }

    private static Session session(String id, List<Medication> given, EncounterEntry encounter, int number, boolean latest) {
        Product product = null;
        Double dose = 0.0;
        List<String> ids = new ArrayList<>();
        Instant end = null;
        for (Medication m : given) {
            if (product == null) {
                product = m.isA(FactBuilder.ESKETAMINE) ? Product.ESKETAMINE
                        : m.isA(FactBuilder.RACEMIC_KETAMINE) ? Product.KETAMINE : null;
            }
            dose = dose == null || m.doseMg() == null ? null : dose + m.doseMg();
            ids.add(m.id());
            Instant mEnd = m.end() != null ? m.end() : m.start();
            end = end == null || mEnd.isAfter(end) ? mEnd : end;
        }
        if (encounter != null && encounter.end() != null) {
            end = encounter.end();
        }
        String encounterClass = encounter == null ? null : encounter.classCode();
        return new Session(id, product, given.get(0).start(), end, dose, given.get(0).route(), ids,
                "AMB".equals(encounterClass), encounterClass, number, latest);
    }

    private static List<Course> courses(List<Session> sessions) {
        Map<Product, List<Session>> byProduct = new LinkedHashMap<>();
        for (Session s : sessions) {
            if (s.product() != null) {
                byProduct.computeIfAbsent(s.product(), p -> new ArrayList<>()).add(s);
            }
        }
        List<Course> courses = new ArrayList<>();
        byProduct.forEach((product, list) -> courses.add(new Course(product, list.get(0).start(),
                list.get(list.size() - 1).start(), list.stream().map(Session::id).toList())));
        return courses;
    }
}
