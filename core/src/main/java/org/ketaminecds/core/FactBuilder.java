package org.ketaminecds.core;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.ketaminecds.core.record.MedicationEntry;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.record.ObservationEntry;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.record.Quantity;
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
import org.ketaminecds.core.vocabulary.LatestBloodPressure;
import org.ketaminecds.core.vocabulary.Medication;
import org.ketaminecds.core.vocabulary.Person;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;
import org.ketaminecds.core.vocabulary.Timed;
import org.ketaminecds.core.vocabulary.UnrecognisedMedication;

/**
 * Applies the knowledge base's data conventions (§2.0, §2.5) to a record, once, so that rules only see data
 * that counts: dated by asOf, with a status that counts, tagged with concepts, plausible and in the right unit.
 * What it leaves out for being implausible it reports as {@link DataIssue}s (KET-MON-020).
 */
final class FactBuilder {

    static final String ESKETAMINE = "VS-ESKETAMINE";
    static final String RACEMIC_KETAMINE = "VS-KETAMINE-RACEMIC";
    static final String KETAMINE_PRODUCTS = "VS-KETAMINE-PRODUCTS";
    /**
     * How long an administration is current: the longest a rule looks back at an administered drug that is no
     * ketamine (KET-CONTRA-020's MAOI washout), so that an unrecognised one given in that time is a data gap.
     */
    static final String ADMINISTRATION_CURRENT = "MAOI_WASHOUT";
    /** How long a dispense without a days' supply is current. */
    static final String DISPENSE_DEFAULT_SUPPLY = "DISPENSE_DEFAULT_SUPPLY";
    /** Thresholds this class reads besides the plausible ranges of {@link Measure}. */
    static final Set<String> REQUIRED_THRESHOLDS = Set.of(ADMINISTRATION_CURRENT, DISPENSE_DEFAULT_SUPPLY);
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
    private static final Set<String> COUNTING_ADMINISTRATION = Set.of("completed", "in-progress");
    private static final Set<String> COUNTING_DISPENSE = Set.of("completed", "in-progress");
    /** Code systems whose codes are medications the package can be taught (RxNorm, NDC). */
    private static final Set<String> MEDICATION_SYSTEMS = Set.of(Coding.RXNORM, Coding.NDC);

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
    /** The concepts a Reading is filed under; a concept no rule looks a Reading up by gets no fact. */
    private final Set<String> readingConcepts;

    FactBuilder(Terminology terminology, Set<String> readingConcepts) {
        this.terminology = terminology;
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
        List<Medication> medications = new ArrayList<>();
        List<UnrecognisedMedication> unrecognised = new ArrayList<>();
        MedicationEntry planned = null;
        Set<String> plannedConcepts = Set.of();
        for (MedicationEntry m : record.medications()) {
            Set<String> concepts = terminology.conceptsOf(m.codes());
            if (isPlannedCandidate(m, concepts, asOf) && (planned == null || PLANNED_ORDER.compare(m, planned) < 0)) {
                planned = m;
                plannedConcepts = concepts;
            }
            Medication med = medication(m, concepts, terminology.ingredientsOf(m.codes()), asOf);
            if (med != null) {
                medications.add(med);
                UnrecognisedMedication u = current(m, med, asOf, thresholds) ? unrecognised(m) : null;
                if (u != null) {
                    unrecognised.add(u);
                }
            }
        }
        facts.addAll(medications);
        facts.addAll(unrecognised);
        documents(record, asOf, facts);
        Map<String, List<String>> notes = new HashMap<>();
        readings(record.observations(), asOf, thresholds, adult, facts, notes);
        record.unusable().forEach(u -> facts.add(new DataIssue(u.id(), "RESOURCE", u.problem(), null)));

        Map<String, EncounterEntry> encounters = new HashMap<>();
        record.encounters().forEach(e -> encounters.put(e.id(), e));
        Sessions.Result sessions = Sessions.of(medications, encounters);
        facts.addAll(sessions.sessions());
        facts.addAll(sessions.courses());

        PlannedTreatment treatment = context.plannedTreatment().orElse(fromRecord(planned, plannedConcepts));
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
        return new Facts(evaluation, facts, List.copyOf(unrecognised), notes);
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

    // --- medications -------------------------------------------------------------------------------------------

    private static Medication medication(MedicationEntry m, Set<String> concepts, Set<String> ingredients, Instant asOf) {
        String status = m.status() == null ? "" : m.status();
        if ("entered-in-error".equals(status) || "not-done".equals(status)) {
            return null;
        }
        Instant dated = m.kind() == MedicationKind.REQUEST && m.authoredOn() != null ? m.authoredOn() : m.start();
        if (dated != null && dated.isAfter(asOf)) {
            return null;
        }
        if (m.kind() == MedicationKind.ADMINISTRATION && !COUNTING_ADMINISTRATION.contains(status)) {
            return null;
        }
        boolean endedBefore = m.end() != null && m.end().isBefore(asOf);
        boolean current = switch (m.kind()) {
            case STATEMENT -> "active".equals(status) && !endedBefore;
            case REQUEST -> "active".equals(status) && !endedBefore;
            default -> false;
        };
        Instant start = m.start() != null ? m.start() : m.authoredOn();
        Double dose = doseMg(m.dose());
        Double daily = dose == null || m.dailyFrequency() == null ? null : dose * m.dailyFrequency();
        return new Medication(m.id(), m.kind(), concepts, ingredients, status, current, start, m.end(), dose, daily,
                route(m.route()), m.encounter(), m.authoredOn(), days(m.daysSupply()), m.prescriber(), m.prescription(),
                m.receivers(), m.destination());
    }

    /**
     * Current, for the data gap of an unrecognised medication (documented in docs/clinical-choices.md): a statement
     * or a prescription as the rules read it (§2.5); an administration in progress, or given (its end, else its
     * start) within {@link #ADMINISTRATION_CURRENT}; a dispense (completed or in progress) whose supply, from its
     * hand-over, lasts to asOf ({@code daysSupply}, else {@link #DISPENSE_DEFAULT_SUPPLY}). Undated ones count.
     */
    private static boolean current(MedicationEntry m, Medication med, Instant asOf, Thresholds thresholds) {
        return switch (m.kind()) {
            case STATEMENT, REQUEST -> med.current();
            case ADMINISTRATION -> {
                Instant given = m.end() != null ? m.end() : m.start();
                yield "in-progress".equals(m.status()) || given == null
                        || !given.isBefore(asOf.minus(thresholds.duration(ADMINISTRATION_CURRENT)));
            }
            case DISPENSE -> {
                Double days = days(m.daysSupply());
                Duration supply = days != null ? Duration.ofSeconds(Math.round(days * 86_400))
                        : thresholds.duration(DISPENSE_DEFAULT_SUPPLY);
                yield m.status() != null && COUNTING_DISPENSE.contains(m.status())
                        && (m.start() == null || !m.start().plus(supply).isBefore(asOf));
            }
        };
    }

    /**
     * The data gap of a current medication, or {@code null} when the package recognises it: a code of it is in a
     * value set or a concept map, or it has an RxNorm/NDC code and its name names none of the package's drugs. A
     * medication without an RxNorm or NDC code is always a gap. Its name (text and displays) is only ever a hint.
     */
    private UnrecognisedMedication unrecognised(MedicationEntry m) {
        boolean standard = false;
        List<String> codes = new ArrayList<>(m.codes().size());
        StringBuilder names = new StringBuilder(m.text() == null ? "" : m.text());
        for (Coding c : m.codes()) {
            if (terminology.knows(c)) {
                return null;
            }
            standard |= c.system() != null && MEDICATION_SYSTEMS.contains(c.system()); // Set.of(..).contains(null) throws
            codes.add(c.token());
            if (c.display() != null) {
                names.append(" | ").append(c.display());
            }
        }
        List<Terminology.Lookalike> lookalikes = terminology.lookalikes(names.toString());
        if (standard && lookalikes.isEmpty()) {
            return null;
        }
        String name = m.text() != null ? m.text()
                : m.codes().stream().map(Coding::display).filter(d -> d != null && !d.isBlank()).findFirst().orElse(null);
        StringBuilder reason = new StringBuilder();
        reason.append(name == null ? "(no name)" : "'" + name + "'").append(" [")
                .append(codes.isEmpty() ? "no code" : String.join(", ", codes)).append("]: ")
                .append(standard ? "the package does not map " + (codes.size() == 1 ? "this code" : "these codes")
                        : "no RxNorm or NDC code");
        Set<String> concepts = new java.util.TreeSet<>();
        List<String> drugs = new ArrayList<>();
        for (Terminology.Lookalike l : lookalikes) {
            drugs.add(l.name());
            concepts.addAll(l.concepts());
        }
        if (lookalikes.isEmpty()) {
            reason.append("; names none of the package's drugs: ").append(codes.isEmpty() ? "code it in RxNorm"
                    : "code it in RxNorm, or map " + codes.get(0) + " in a concept map (as unmatched if it is none of them)");
        } else {
            reason.append("; looks like ").append(String.join(", ", drugs)).append(" (").append(String.join(", ", concepts))
                    .append("); ").append(codes.isEmpty() ? "code it as" : "map " + codes.get(0) + " to");
            for (int i = 0; i < lookalikes.size(); i++) {
                Terminology.Lookalike l = lookalikes.get(i);
                reason.append(i == 0 ? " " : " and ").append(l.code().token()).append(" (").append(l.name()).append(')');
            }
        }
        return new UnrecognisedMedication(m.id(), m.kind(), name, codes, drugs, concepts, reason.toString());
    }

    /** A days' supply in days: a unit of d, h, min or wk (or none: the element counts days); else {@code null}. */
    static Double days(Quantity supply) {
        if (supply == null || supply.value() == null || supply.value() <= 0) {
            return null;
        }
        String unit = supply.unit() == null ? "d" : supply.unit();
        return switch (unit) {
            case "d", "day", "days" -> supply.value();
            case "wk", "week", "weeks" -> supply.value() * 7;
            case "h" -> supply.value() / 24;
            case "min" -> supply.value() / 1440;
            default -> null; // months and years vary in length; anything else is no time
        };
    }

    private static boolean isPlannedCandidate(MedicationEntry m, Set<String> concepts, Instant asOf) {
        return m.kind() == MedicationKind.REQUEST
                && concepts.contains(KETAMINE_PRODUCTS)
                && ("active".equals(m.status()) || "draft".equals(m.status()))
                && (m.intent() == null || "order".equals(m.intent()) || "plan".equals(m.intent()))
                && (m.authoredOn() == null || !m.authoredOn().isAfter(asOf));
    }

    /** §2.5: a draft before an active order, then the latest authoredOn. */
    private static final Comparator<MedicationEntry> PLANNED_ORDER = Comparator
            .comparing((MedicationEntry m) -> "draft".equals(m.status()) ? 0 : 1)
            .thenComparing(MedicationEntry::authoredOn, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(MedicationEntry::id);

    private static PlannedTreatment fromRecord(MedicationEntry planned, Set<String> concepts) {
        if (planned == null) {
            return PlannedTreatment.UNKNOWN;
        }
        Product product = concepts.contains(ESKETAMINE) ? Product.ESKETAMINE
                : concepts.contains(RACEMIC_KETAMINE) ? Product.KETAMINE : null;
        return new PlannedTreatment(product, route(planned.route()), doseMg(planned.dose()), planned.plannedTime(),
                planned.id());
    }

    private static Double doseMg(Quantity dose) {
        return dose != null && dose.value() != null && "mg".equals(dose.unit()) ? dose.value() : null;
    }

    private static Route route(List<Coding> codes) {
        for (Coding c : codes) {
            if (Coding.SNOMED.equals(c.system())) {
                Route r = Route.fromSnomed(c.code()).orElse(null);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    // --- observations ---------------------------------------------------------------------------------------------

    private void readings(List<ObservationEntry> observations, Instant asOf, Thresholds thresholds, boolean adult,
                          List<Object> facts, Map<String, List<String>> notes) {
        List<Counted> counted = new ArrayList<>(observations.size());
        Map<Object, List<Counted>> latest = new HashMap<>();
        List<Single> systolics = new ArrayList<>();
        List<Single> diastolics = new ArrayList<>();
        List<BloodPressure> bps = new ArrayList<>();
        for (ObservationEntry o : observations) {
            Instant effective = o.effective() != null ? o.effective() : o.issued();
            if (o.status() == null || !COUNTING_OBSERVATION.contains(o.status())
                    || (effective != null && effective.isAfter(asOf))) {
                continue;
            }
            Set<String> concepts = terminology.conceptsOf(o.codes());
            if (concepts.contains(Measure.SYSTOLIC.concept) || concepts.contains(Measure.DIASTOLIC.concept)
                    || hasBloodPressureComponents(o)) {
                // A BP observation is a BloodPressure fact (paired, checked), never a Reading as well.
                bloodPressure(o, effective, concepts, thresholds, systolics, diastolics, bps, facts, notes);
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
        pairSingles(systolics, diastolics, bps, facts);
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

    private static void note(Map<String, List<String>> notes, String resourceId, String note) {
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

    private boolean hasBloodPressureComponents(ObservationEntry o) {
        for (ObservationEntry.Component c : o.components()) {
            Set<String> concepts = terminology.conceptsOf(c.codes());
            if (concepts.contains(Measure.SYSTOLIC.concept) || concepts.contains(Measure.DIASTOLIC.concept)) {
                return true;
            }
        }
        return false;
    }

    /** A systolic or diastolic value recorded on its own, waiting for its pair. */
    private record Single(String id, Instant effective, Instant issued, double value) {
    }

    /** Reads one BP observation (a panel with components, or a lone systolic/diastolic); reports what is invalid. */
    private void bloodPressure(ObservationEntry o, Instant effective, Set<String> concepts, Thresholds thresholds,
                               List<Single> systolics, List<Single> diastolics, List<BloodPressure> bps,
                               List<Object> facts, Map<String, List<String>> notes) {
        Double sbp = null;
        Double dbp = null;
        List<String> problems = new ArrayList<>();
        if (!o.components().isEmpty()) {
            for (ObservationEntry.Component c : o.components()) {
                Set<String> cc = terminology.conceptsOf(c.codes());
                Quantity q = c.value();
                if (cc.contains(Measure.SYSTOLIC.concept)) {
                    sbp = checked(o.id(), Measure.SYSTOLIC, q, thresholds, problems, notes);
                } else if (cc.contains(Measure.DIASTOLIC.concept)) {
                    dbp = checked(o.id(), Measure.DIASTOLIC, q, thresholds, problems, notes);
                }
            }
        } else if (concepts.contains(Measure.SYSTOLIC.concept)) {
            sbp = checked(o.id(), Measure.SYSTOLIC, o.value(), thresholds, problems, notes);
        } else {
            dbp = checked(o.id(), Measure.DIASTOLIC, o.value(), thresholds, problems, notes);
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

    private static Double checked(String id, Measure m, Quantity q, Thresholds thresholds, List<String> problems,
                                  Map<String, List<String>> notes) {
        Measure.Read read = m.read(q == null ? null : q.value(), q == null ? null : q.unit(), thresholds, true);
        if (read.problem() != null) {
            problems.add(read.problem());
            return null;
        }
        note(notes, id, Measure.conversionNote(id, q.value(), q.unit(), read));
        return read.value();
    }

    /**
     * Separate systolic and diastolic observations with the same time, to the minute, are one reading; an unpaired
     * one is a reading of its own component (§2.5), which {@link LatestBloodPressure} combines per component.
     */
    private static void pairSingles(List<Single> systolics, List<Single> diastolics, List<BloodPressure> bps,
                                    List<Object> facts) {
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
    }
}
