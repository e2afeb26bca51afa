package org.ketaminecds.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ketaminecds.core.record.ObservationEntry;
import org.ketaminecds.core.record.Quantity;
import org.ketaminecds.core.vocabulary.BloodPressure;
import org.ketaminecds.core.vocabulary.DataIssue;
import org.ketaminecds.core.vocabulary.LatestBloodPressure;

/**
 * The blood-pressure part of {@link FactBuilder}, for one evaluation: BP observations (panels with components, or a
 * systolic or diastolic on its own) become {@link BloodPressure} facts, checked for plausibility and converted to
 * mm[Hg]; lone components at the same minute are paired (§2.5). What is invalid becomes a {@link DataIssue}.
 */
final class BloodPressureFacts {

    /** A systolic or diastolic value recorded on its own, waiting for its pair. */
    private record Single(String id, Instant effective, Instant issued, double value) {
    }

    private final Terminology terminology;
    private final Thresholds thresholds;
    private final List<Object> facts;
    private final Map<String, List<String>> notes;
    private final List<Single> systolics = new ArrayList<>();
    private final List<Single> diastolics = new ArrayList<>();
    private final List<BloodPressure> bps = new ArrayList<>();

    /**
     * @param facts where the facts go (data issues as each observation is read, the BPs when {@link #pair} is called)
     * @param notes where unit conversions are noted, by resource id
     */
    BloodPressureFacts(Terminology terminology, Thresholds thresholds, List<Object> facts, Map<String, List<String>> notes) {
        this.terminology = terminology;
        this.thresholds = thresholds;
        this.facts = facts;
        this.notes = notes;
    }

    /**
     * Takes an observation that counts when it is a BP one (a BP observation is a BloodPressure fact, never a Reading
     * as well).
     *
     * @param concepts the observation's concepts
     * @return whether it was a BP observation
     */
    boolean offer(ObservationEntry o, Instant effective, Set<String> concepts) {
        if (!concepts.contains(Measure.SYSTOLIC.concept) && !concepts.contains(Measure.DIASTOLIC.concept)
                && !hasBloodPressureComponents(o)) {
            return false;
        }
        read(o, effective, concepts);
        return true;
    }

    private boolean hasBloodPressureComponents(ObservationEntry o) {
        for (ObservationEntry.Component c : o.components()) {
            Set<String> concepts = terminology.conceptsOf(c.codes());
            if (concepts.contains(Measure.SYSTOLIC.concept) || concepts.contains(Measure.DIASTOLIC.concept)) {
                return true;
            }
        }
        return false;
    }

    /** Reads one BP observation (a panel with components, or a lone systolic/diastolic); reports what is invalid. */
    private void read(ObservationEntry o, Instant effective, Set<String> concepts) {
        Double sbp = null;
        Double dbp = null;
        List<String> problems = new ArrayList<>();
        if (!o.components().isEmpty()) {
            for (ObservationEntry.Component c : o.components()) {
                Set<String> cc = terminology.conceptsOf(c.codes());
                Quantity q = c.value();
                if (cc.contains(Measure.SYSTOLIC.concept)) {
                    sbp = checked(o.id(), Measure.SYSTOLIC, q, problems);
                } else if (cc.contains(Measure.DIASTOLIC.concept)) {
                    dbp = checked(o.id(), Measure.DIASTOLIC, q, problems);
                }
            }
        } else if (concepts.contains(Measure.SYSTOLIC.concept)) {
            sbp = checked(o.id(), Measure.SYSTOLIC, o.value(), problems);
        } else {
            dbp = checked(o.id(), Measure.DIASTOLIC, o.value(), problems);
        }
        if (sbp != null && dbp != null && dbp >= sbp) {
            problems.add("diastolic " + Measure.format(dbp) + " is not below systolic " + Measure.format(sbp));
            sbp = null;
            dbp = null;
        }
        for (String p : problems) {
            facts.add(new DataIssue(o.id(), "BP", p, effective));
        }
        if (!o.components().isEmpty()) {
            if (sbp != null || dbp != null) {
                bps.add(new BloodPressure(List.of(o.id()), effective, o.issued(), sbp, dbp));
            }
        } else if (sbp != null && effective != null) {
            systolics.add(new Single(o.id(), effective, o.issued(), sbp));
        } else if (dbp != null && effective != null) {
            diastolics.add(new Single(o.id(), effective, o.issued(), dbp));
        }
    }

    private Double checked(String id, Measure m, Quantity q, List<String> problems) {
        Measure.Read read = m.read(q == null ? null : q.value(), q == null ? null : q.unit(), thresholds, true);
        if (read.problem() != null) {
            problems.add(read.problem());
            return null;
        }
        FactBuilder.note(notes, id, Measure.conversionNote(id, q.value(), q.unit(), read));
        return read.value();
    }

    /**
     * Adds the BPs to the facts, once every observation was offered. Separate systolic and diastolic observations
     * with the same time, to the minute, are one reading; an unpaired one is a reading of its own component (§2.5),
     * which {@link LatestBloodPressure} combines per component.
     *
     * @return the BPs added
     */
    List<BloodPressure> pair() {
        Map<Instant, Single> diastolicByMinute = new HashMap<>();
        for (Single d : diastolics) {
            diastolicByMinute.putIfAbsent(d.effective().truncatedTo(ChronoUnit.MINUTES), d);
        }
        for (Single s : systolics) {
            Single d = diastolicByMinute.remove(s.effective().truncatedTo(ChronoUnit.MINUTES));
            if (d != null && d.value() >= s.value()) {
                facts.add(new DataIssue(d.id(), "BP", "diastolic " + Measure.format(d.value())
                        + " is not below systolic " + Measure.format(s.value()), s.effective()));
            } else if (d != null) {
                Instant issued = s.issued() == null ? d.issued() : d.issued() == null || s.issued().isAfter(d.issued())
                        ? s.issued() : d.issued();
                bps.add(new BloodPressure(List.of(s.id(), d.id()), s.effective(), issued, s.value(), d.value()));
            } else {
                bps.add(new BloodPressure(List.of(s.id()), s.effective(), s.issued(), s.value(), null));
            }
        }
        for (Single d : diastolicByMinute.values()) {
            bps.add(new BloodPressure(List.of(d.id()), d.effective(), d.issued(), null, d.value()));
        }
        facts.addAll(bps);
        return bps;
    }
}
