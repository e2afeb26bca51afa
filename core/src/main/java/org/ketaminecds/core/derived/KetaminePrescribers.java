package org.ketaminecds.core.derived;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Medication;

/**
 * Who prescribed take-home racemic ketamine lately (KET-TOL-006): the prescriptions written (authoredOn) and the
 * dispenses handed over in the last TOL_PRESCRIBER_WINDOW (the edge counts). A prescription counts when active, on
 * hold, completed or stopped (a draft or cancelled order was never issued); a dispense when completed or in progress.
 *
 * @param counted           the counted prescriptions and dispenses, by id
 * @param prescribers       the distinct prescribers on record, sorted
 * @param unresolved        prescriptions without a prescriber that could each be another one (the dispenses of one
 *                          prescription count once)
 * @param evidence          every counted prescription and dispense with a prescriber, and the prescriptions those
 *                          dispenses fill
 * @param withoutPrescriber the counted prescriptions and dispenses without a prescriber
 */
public record KetaminePrescribers(List<Medication> counted, SortedSet<String> prescribers, int unresolved,
                                  List<String> evidence, List<String> withoutPrescriber) {

    private static final Set<String> ISSUED = Set.of("active", "on-hold", "completed", "stopped");
    private static final Set<String> HANDED_OVER = Set.of("completed", "in-progress");

    public KetaminePrescribers {
        counted = List.copyOf(counted);
        prescribers = Collections.unmodifiableSortedSet(new TreeSet<>(prescribers));
        evidence = List.copyOf(evidence);
        withoutPrescriber = List.copyOf(withoutPrescriber);
    }

    /** Of racemic ketamine prescriptions and dispenses, those counted, given the record's Locations. */
    public static KetaminePrescribers of(Collection<?> medications, Collection<?> places, HomeDestinations homes,
                                         Evaluation ev) {
        Instant from = ev.asOf().minus(ev.duration("TOL_PRESCRIBER_WINDOW"));
        List<Medication> counted = new ArrayList<>();
        for (Object o : medications) {
            Medication m = (Medication) o;
            boolean request = m.kind() == MedicationKind.REQUEST;
            Instant when = request && m.authoredOn() != null ? m.authoredOn() : m.start();
            boolean issued = m.status() != null && (request ? ISSUED.contains(m.status()) : HANDED_OVER.contains(m.status()));
            if (issued && when != null && !when.isBefore(from) && !when.isAfter(ev.asOf())
                    && TakeHome.isTakeHome(m, places, homes)) {
                counted.add(m);
            }
        }
        counted.sort(Comparator.comparing(Medication::id));
        return new KetaminePrescribers(counted, prescribers(counted), unresolved(counted), evidence(counted),
                withoutPrescriber(counted));
    }

    private static SortedSet<String> prescribers(List<Medication> counted) {
        SortedSet<String> prescribers = new TreeSet<>();
        for (Medication m : counted) {
            if (m.prescriber() != null) {
                prescribers.add(m.prescriber());
            }
        }
        return prescribers;
    }

    private static int unresolved(List<Medication> counted) {
        Set<String> unknown = new TreeSet<>();
        for (Medication m : counted) {
            if (m.prescriber() == null) {
                unknown.add(m.prescription() != null ? m.prescription() : m.id());
            }
        }
        return unknown.size();
    }

    private static List<String> evidence(List<Medication> counted) {
        Set<String> ids = new LinkedHashSet<>();
        for (Medication m : counted) {
            if (m.prescriber() != null) {
                ids.add(m.id());
                if (m.prescription() != null) {
                    ids.add(m.prescription());
                }
            }
        }
        return new ArrayList<>(ids);
    }

    private static List<String> withoutPrescriber(List<Medication> counted) {
        List<String> ids = new ArrayList<>();
        for (Medication m : counted) {
            if (m.prescriber() == null) {
                ids.add(m.id());
            }
        }
        return ids;
    }
}
