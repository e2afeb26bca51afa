package org.ketaminecds.core.derived;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
 * @param counted the counted prescriptions and dispenses, by id
 */
public record KetaminePrescribers(List<Medication> counted) {

    private static final Set<String> ISSUED = Set.of("active", "on-hold", "completed", "stopped");
    private static final Set<String> HANDED_OVER = Set.of("completed", "in-progress");

    public KetaminePrescribers {
        counted = List.copyOf(counted);
    }

    /** Of racemic ketamine prescriptions and dispenses, those counted, given the record's Locations. */
    public static KetaminePrescribers of(Collection<?> medications, Collection<?> places, Evaluation ev) {
        Instant from = ev.asOf().minus(ev.duration("TOL_PRESCRIBER_WINDOW"));
        List<Medication> counted = new ArrayList<>();
        for (Object o : medications) {
            Medication m = (Medication) o;
            boolean request = m.kind() == MedicationKind.REQUEST;
            Instant when = request && m.authoredOn() != null ? m.authoredOn() : m.start();
            boolean issued = m.status() != null && (request ? ISSUED.contains(m.status()) : HANDED_OVER.contains(m.status()));
            if (issued && when != null && !when.isBefore(from) && !when.isAfter(ev.asOf())
                    && TakeHome.isTakeHome(m, places)) {
                counted.add(m);
            }
        }
        counted.sort(Comparator.comparing(Medication::id));
        return new KetaminePrescribers(counted);
    }

    /** The distinct prescribers on record, sorted. */
    public SortedSet<String> prescribers() {
        SortedSet<String> prescribers = new TreeSet<>();
        for (Medication m : counted) {
            if (m.prescriber() != null) {
                prescribers.add(m.prescriber());
            }
        }
        return prescribers;
    }

    /** Prescriptions without a prescriber that could each be another one (the dispenses of one prescription count once). */
    public int unresolved() {
        Set<String> unknown = new TreeSet<>();
        for (Medication m : counted) {
            if (m.prescriber() == null) {
                unknown.add(m.prescription() != null ? m.prescription() : m.id());
            }
        }
        return unknown.size();
    }

    /** Every counted prescription and dispense with a prescriber, and the prescriptions those dispenses fill. */
    public List<String> evidence() {
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

    /** The counted prescriptions and dispenses without a prescriber. */
    public List<String> withoutPrescriber() {
        List<String> ids = new ArrayList<>();
        for (Medication m : counted) {
            if (m.prescriber() == null) {
                ids.add(m.id());
            }
        }
        return ids;
    }
}
