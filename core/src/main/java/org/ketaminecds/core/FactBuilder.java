package org.ketaminecds.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ketaminecds.core.record.AllergyEntry;
import org.ketaminecds.core.record.CarePlanEntry;
import org.ketaminecds.core.record.ConsentEntry;
import org.ketaminecds.core.record.EncounterEntry;
import org.ketaminecds.core.record.FlagEntry;
import org.ketaminecds.core.record.SettingEntry;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.ConditionEntry;
import org.ketaminecds.core.record.ObservationEntry;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.vocabulary.Allergy;
import org.ketaminecds.core.vocabulary.BloodPressure;
import org.ketaminecds.core.vocabulary.CareSetting;
import org.ketaminecds.core.vocabulary.Consent;
import org.ketaminecds.core.vocabulary.Flag;
import org.ketaminecds.core.vocabulary.TreatmentPlan;
import org.ketaminecds.core.vocabulary.DataIssue;
import org.ketaminecds.core.vocabulary.Diagnosis;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Latest;
import org.ketaminecds.core.vocabulary.Person;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;
import org.ketaminecds.core.vocabulary.Timed;
import org.ketaminecds.core.vocabulary.UnrecognisedMedication;

/**
 * Applies the knowledge base's data conventions (§2.0, §2.5) to a record, once, so that rules only see data
 * that counts: dated by asOf, with a status that counts, tagged with concepts, plausible and in the right unit.
 * What it leaves out for being implausible it reports as {@link DataIssue}s (KET-MON-020). Medications are
 * {@link MedicationFacts}' part, blood pressures {@link BloodPressureFacts}'; patient, conditions, documents and the
 * other readings (with their latest and tie notes) are read here.
 */
final class FactBuilder {

    static final String ESKETAMINE = "VS-ESKETAMINE";
    static final String RACEMIC_KETAMINE = "VS-KETAMINE-RACEMIC";
    static final String KETAMINE_PRODUCTS = "VS-KETAMINE-PRODUCTS";
    /** Thresholds this class and its parts read besides the plausible ranges of {@link Measure}. */
    static final Set<String> REQUIRED_THRESHOLDS = Set.of(MedicationFacts.ADMINISTRATION_CURRENT,
            MedicationFacts.DISPENSE_DEFAULT_SUPPLY);
    /** Concepts this class relies on; a package without them cannot be used. */
    static final Set<String> REQUIRED_CONCEPTS;

    static {
        Set<String> required = new java.util.TreeSet<>(Set.of(ESKETAMINE, RACEMIC_KETAMINE, KETAMINE_PRODUCTS));
        for (Measure m : Measure.values()) {
            if (m.checked()) { // a lab measure is converted when a package has it, not required
                required.add(m.concept);
            }
        }
        REQUIRED_CONCEPTS = Set.copyOf(required);
    }

    private static final Measure[] MEASURES = Measure.values();
    private static final Set<String> ACTIVE_CLINICAL = Set.of("active", "recurrence", "relapse");
    private static final Set<String> IGNORED_VERIFICATION = Set.of("refuted", "entered-in-error");
    private static final Set<String> COUNTING_OBSERVATION = Set.of("final", "amended", "corrected", "preliminary");

    /**
     * What one evaluation works on.
     *
     * @param unrecognised the current medications the package cannot recognise (also among {@code all}): data gaps
     * @param notes        how a resource was read, by resource id, for the findings that cite it: a unit converted, or
     *                     a tie of effective times and how it was broken (knowledge-base §2.5)
     */
    record Facts(Evaluation evaluation, List<Object> all, List<UnrecognisedMedication> unrecognised,
                 Map<String, List<String>> notes) {
    }

    private final Terminology terminology;
    private final MedicationFacts medicationFacts;
    /** The concepts a Reading is filed under; a concept no rule looks a Reading up by gets no fact. */
    private final Set<String> readingConcepts;

    FactBuilder(Terminology terminology, Set<String> readingConcepts) {
        this.terminology = terminology;
        this.medicationFacts = new MedicationFacts(terminology);
        this.readingConcepts = Set.copyOf(readingConcepts);
        Units.preload(); // off the evaluation path: an evaluation that converts a unit never reads a file
    }

    Facts build(PatientRecord record, EvaluationContext context, Thresholds thresholds) {
        Instant asOf = context.asOf();
        List<Object> facts = new ArrayList<>(record.observations().size() + record.conditions().size() + 16);

        Person person = person(record, asOf);
        facts.add(person);
        boolean adult = person.ageYears() == null || person.ageYears() >= 18;

        for (ConditionEntry c : record.conditions()) {
            Diagnosis d = diagnosis(c, asOf);
            // Rules ask for diagnoses by concept: one in no value set can match no rule.
            if (d != null && !d.concepts().isEmpty()) {
                facts.add(d);
            }
        }
        for (AllergyEntry a : record.allergies()) {
            if (counts(a)) {
                facts.add(new Allergy(a.id(), terminology.conceptsOf(a.codes())));
            }
        }
        MedicationFacts.Read medications = medicationFacts.read(record.medications(), asOf, thresholds);
        facts.addAll(medications.medications());
        facts.addAll(medications.unrecognised());
        documents(record, asOf, facts);
        Map<String, List<String>> notes = new HashMap<>();
        readings(record.observations(), asOf, thresholds, adult, facts, notes);
        record.unusable().forEach(u -> facts.add(new DataIssue(u.id(), "RESOURCE", u.problem(), null)));

        Map<String, EncounterEntry> encounters = new HashMap<>();
        record.encounters().forEach(e -> encounters.put(e.id(), e));
        Sessions.Result sessions = Sessions.of(medications.medications(), encounters);
        facts.addAll(sessions.sessions());
        facts.addAll(sessions.courses());

        PlannedTreatment treatment = context.plannedTreatment().orElse(medications.planned());
        Session current = context.mode() == Mode.POST_DOSE ? sessions.latest() : null;
        Instant t0 = context.mode() == Mode.PRE_DOSE && treatment.plannedTime() != null ? treatment.plannedTime()
                : current != null ? current.start() : asOf;
        // Discharge for the post-dose checks: the session Encounter's end when it has one, else now (asOf).
        EncounterEntry encounter = current == null ? null : encounters.get(current.id());
        Instant discharge = encounter != null && encounter.end() != null && !encounter.end().isAfter(asOf)
                ? encounter.end() : asOf;
        Product product = treatment.product() != null ? treatment.product()
                : current != null ? current.product() : null;
        Evaluation evaluation = new Evaluation(context.mode(), asOf, t0, discharge, product, treatment.route(),
                treatment.doseMg(), !record.conditions().isEmpty(), thresholds);
        facts.add(evaluation);
        return new Facts(evaluation, facts, medications.unrecognised(), notes);
    }

    // --- patient and conditions ------------------------------------------------------------------------------

    private static Person person(PatientRecord record, Instant asOf) {
        LocalDate born = record.birthDate();
        LocalDate today = asOf.atZone(ZoneOffset.UTC).toLocalDate();
        Integer age = born == null || born.isAfter(today) ? null : Period.between(born, today).getYears();
        return new Person(record.patientId(), age, record.sex());
    }

    private Diagnosis diagnosis(ConditionEntry c, Instant asOf) {
        if (c.verificationStatus() != null && IGNORED_VERIFICATION.contains(c.verificationStatus())) {
            return null;
        }
        Instant dated = c.recorded() != null ? c.recorded() : c.onset();
        if (dated != null && dated.isAfter(asOf)) {
            return null;
        }
        boolean abated = c.hasAbatement() && (c.abatement() == null || !c.abatement().isAfter(asOf));
        boolean active = c.clinicalStatus() == null ? !abated : ACTIVE_CLINICAL.contains(c.clinicalStatus());
        boolean provisional = "provisional".equals(c.verificationStatus()) || "differential".equals(c.verificationStatus());
        StringBuilder text = new StringBuilder(c.text() == null ? "" : c.text());
        c.codes().forEach(code -> text.append(' ').append(code.display() == null ? "" : code.display()));
        return new Diagnosis(c.id(), terminology.conceptsOf(c.codes()), text.toString(), active, provisional, c.onset());
    }

    private static boolean counts(AllergyEntry a) {
        boolean statusCounts = a.clinicalStatus() == null || "active".equals(a.clinicalStatus());
        return statusCounts && (a.verificationStatus() == null || !IGNORED_VERIFICATION.contains(a.verificationStatus()));
    }

    // --- consents, plans, flags, settings ----------------------------------------------------------------------

    private void documents(PatientRecord record, Instant asOf, List<Object> facts) {
        for (ConsentEntry c : record.consents()) {
            if ("active".equals(c.status()) && (c.dateTime() == null || !c.dateTime().isAfter(asOf))) {
                facts.add(new Consent(c.id(), terminology.conceptsOf(c.categories())));
            }
        }
        for (CarePlanEntry p : record.carePlans()) {
            if (!"entered-in-error".equals(p.status()) && !"revoked".equals(p.status())) {
                facts.add(new TreatmentPlan(p.id(), terminology.conceptsOf(p.categories()),
                        p.periodEnd() != null || p.plannedActivityCount() != null));
            }
        }
        for (FlagEntry f : record.flags()) {
            boolean covers = (f.start() == null || !f.start().isAfter(asOf)) && (f.end() == null || !f.end().isBefore(asOf));
            if ("active".equals(f.status()) && covers) {
                facts.add(new Flag(f.id(), terminology.conceptsOf(f.codes())));
            }
        }
        for (SettingEntry s : record.settings()) {
            facts.add(new CareSetting(s.id(), terminology.conceptsOf(s.types())));
        }
    }

    // --- observations ---------------------------------------------------------------------------------------------

    private void readings(List<ObservationEntry> observations, Instant asOf, Thresholds thresholds, boolean adult,
                          List<Object> facts, Map<String, List<String>> notes) {
        List<Counted> counted = new ArrayList<>(observations.size());
        Map<Object, List<Counted>> latest = new HashMap<>();
        BloodPressureFacts bloodPressures = new BloodPressureFacts(terminology, thresholds, facts, notes);
        for (ObservationEntry o : observations) {
            Instant effective = o.effective() != null ? o.effective() : o.issued();
            if (o.status() == null || !COUNTING_OBSERVATION.contains(o.status())
                    || (effective != null && effective.isAfter(asOf))) {
                continue;
            }
            Set<String> concepts = terminology.conceptsOf(o.codes());
            if (bloodPressures.offer(o, effective, concepts)) {
                continue;
            }
            Double value = o.value() == null ? null : o.value().value();
            String unit = o.value() == null ? null : o.value().unit();
            Double referenceHigh = o.referenceHigh();
            boolean usable = true;
            for (Measure m : MEASURES) {
                if (!concepts.contains(m.concept) || (!m.checked() && value == null)) {
                    continue;
                }
                Measure.Read read = m.read(value, unit, thresholds, adult);
                if (read.problem() != null) {
                    facts.add(new DataIssue(o.id(), m.group, read.problem(), effective));
                    usable = false;
                } else if (read.converted()) {
                    note(notes, o.id(), Measure.conversionNote(o.id(), value, unit, read));
                    referenceHigh = referenceHigh == null ? null : read.conversion().apply(referenceHigh);
                    value = read.value();
                    unit = read.unit();
                }
            }
            // Rules only ever ask for readings by concept: one in no value set can match no rule.
            if (!usable || concepts.isEmpty()) {
                continue;
            }
            Counted c = new Counted(o, concepts, effective, o.issued(), value, unit, referenceHigh);
            counted.add(c);
            if (effective != null) {
                List<Counted> best = latest.computeIfAbsent(o.codes().isEmpty() ? o.id() : codeKey(o.codes().get(0)),
                        k -> new ArrayList<>(1));
                if (best.isEmpty() || c.isLaterThan(best.get(0))) {
                    best.clear();
                    best.add(c);
                } else if (c.isTiedWith(best.get(0))) {
                    best.add(c); // §2.5: tied on effective time and issued, every one is the latest
                }
            }
        }
        java.util.IdentityHashMap<Counted, Boolean> isLatest = new java.util.IdentityHashMap<>();
        latest.values().forEach(list -> list.forEach(c -> isLatest.put(c, Boolean.TRUE)));
        for (Counted c : counted) {
            ObservationEntry o = c.source();
            Set<String> valueConcepts = null;
            for (String concept : c.concepts()) { // one fact per concept the rules look it up by: see Reading
                if (!readingConcepts.contains(concept)) {
                    continue;
                }
                valueConcepts = valueConcepts != null ? valueConcepts : valueConcepts(o);
                facts.add(new Reading(o.id(), concept, c.concepts(), c.effective(), c.issued(), c.value(), c.unit(),
                        valueConcepts, o.valueBoolean(), c.referenceHigh(), o.focus(), o.encounter(),
                        isLatest.containsKey(c)));
            }
        }
        List<BloodPressure> bps = bloodPressures.pair();
        // Readings of one measurement at one effective time: rare, so a reading costs one map entry until it has a twin.
        Map<Object, Object> sameTime = new HashMap<>();
        for (Counted c : counted) {
            if (c.effective() != null) {
                Object code = c.source().codes().isEmpty() ? c.source().id() : codeKey(c.source().codes().get(0));
                atSameTime(sameTime, new SameTime(code, c.effective()), c);
            }
        }
        for (BloodPressure bp : bps) {
            if (bp.effective() != null) { // undated readings are never "at the same time"
                atSameTime(sameTime, new SameTime("BP", bp.effective()), bp);
            }
        }
        for (Object group : sameTime.values()) {
            if (group instanceof List<?> list) {
                tieNotes(list.stream().map(Timed.class::cast).toList(), notes);
            }
        }
    }

    /** An observation that counts, before it becomes one Reading per concept; value and unit as the rules see them. */
    private record Counted(ObservationEntry source, Set<String> concepts, Instant effective, Instant issued, Double value,
                           String unit, Double referenceHigh) implements Timed {
    }

    private record SameTime(Object measurement, Instant effective) {
    }

    private static void atSameTime(Map<Object, Object> sameTime, SameTime key, Timed t) {
        Object before = sameTime.putIfAbsent(key, t);
        if (before instanceof Timed first) {
            List<Timed> group = new ArrayList<>(2);
            group.add(first);
            group.add(t);
            sameTime.put(key, group);
        } else if (before != null) {
            @SuppressWarnings("unchecked")
            List<Timed> group = (List<Timed>) before;
            group.add(t);
        }
    }

    /** Identifies "the same measurement" by system and code (not display text). */
    private record CodeKey(String system, String code) {
    }

    private static CodeKey codeKey(Coding c) {
        return new CodeKey(c.system(), c.code());
    }

    static void note(Map<String, List<String>> notes, String resourceId, String note) {
        if (note != null) {
            notes.computeIfAbsent(resourceId, k -> new ArrayList<>(1)).add(note);
        }
    }

    /**
     * Says how readings of one measurement with the same effective time were told apart (§2.5 "ties by issued"): the
     * one issued last is the later reading; readings tied on issued too (or without one) are all latest, and the
     * rules take the safer value.
     */
    private static void tieNotes(List<Timed> sameTime, Map<String, List<String>> notes) {
        if (sameTime.size() < 2) {
            return;
        }
        List<Timed> top = Latest.tied(sameTime);
        List<String> topIds = new ArrayList<>();
        top.forEach(t -> topIds.addAll(ids(t)));
        List<String> others = new ArrayList<>();
        sameTime.stream().filter(t -> !top.contains(t)).forEach(t -> others.addAll(ids(t)));
        java.util.Collections.sort(topIds);
        java.util.Collections.sort(others);
        String at = sameTime.get(0).effective().toString();
        if (top.size() == 1) {
            String note = String.join(" and ", topIds) + " has the same effective time (" + at + ") as "
                    + String.join(", ", others) + " and was issued later, so it is the later reading.";
            topIds.forEach(id -> note(notes, id, note));
        } else {
            String note = String.join(", ", topIds) + " have the same effective time (" + at
                    + ") and the same or no issued time: neither is the later reading, so the safer value counts.";
            topIds.forEach(id -> note(notes, id, note));
        }
    }

    private static List<String> ids(Timed t) {
        return t instanceof BloodPressure bp ? bp.evidence() : List.of(((Counted) t).source().id());
    }

    private Set<String> valueConcepts(ObservationEntry o) {
        if (o.valueCodes().isEmpty() && o.interpretation().isEmpty()) {
            return Set.of();
        }
        List<Coding> all = new ArrayList<>(o.valueCodes());
        all.addAll(o.interpretation());
        return terminology.conceptsOf(all);
    }
}
