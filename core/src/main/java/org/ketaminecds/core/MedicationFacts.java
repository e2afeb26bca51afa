package org.ketaminecds.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.MedicationEntry;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.record.Quantity;
import org.ketaminecds.core.vocabulary.Medication;
import org.ketaminecds.core.vocabulary.UnrecognisedMedication;

/**
 * The medication part of {@link FactBuilder}: statements, requests, administrations and dispenses as the rules read
 * them (§2.5: dated by asOf, with a status that counts, dose in mg), the current ones the package cannot recognise
 * (data gaps), and the ketamine order a pre-dose check is about when the context names none.
 */
final class MedicationFacts {

    /**
     * How long an administration is current: the longest a rule looks back at an administered drug that is no
     * ketamine (KET-CONTRA-020's MAOI washout), so that an unrecognised one given in that time is a data gap.
     */
    static final String ADMINISTRATION_CURRENT = "MAOI_WASHOUT";
    /** How long a dispense without a days' supply is current. */
    static final String DISPENSE_DEFAULT_SUPPLY = "DISPENSE_DEFAULT_SUPPLY";

    private static final Set<String> COUNTING_ADMINISTRATION = Set.of("completed", "in-progress");
    private static final Set<String> COUNTING_DISPENSE = Set.of("completed", "in-progress");
    /** Code systems whose codes are medications the package can be taught (RxNorm, NDC). */
    private static final Set<String> MEDICATION_SYSTEMS = Set.of(Coding.RXNORM, Coding.NDC);

    /**
     * A record's medications as facts.
     *
     * @param unrecognised the current medications the package cannot recognise (data gaps)
     * @param planned      the ketamine or esketamine order on record that is the planned treatment, or
     *                     {@link PlannedTreatment#UNKNOWN}
     */
    record Read(List<Medication> medications, List<UnrecognisedMedication> unrecognised, PlannedTreatment planned) {
    }

    private final Terminology terminology;

    MedicationFacts(Terminology terminology) {
        this.terminology = terminology;
    }

    Read read(List<MedicationEntry> entries, Instant asOf, Thresholds thresholds) {
        List<Medication> medications = new ArrayList<>();
        List<UnrecognisedMedication> unrecognised = new ArrayList<>();
        MedicationEntry planned = null;
        Set<String> plannedConcepts = Set.of();
        for (MedicationEntry m : entries) {
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
        return new Read(medications, List.copyOf(unrecognised), fromRecord(planned, plannedConcepts));
    }

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
                && concepts.contains(FactBuilder.KETAMINE_PRODUCTS)
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
        Product product = concepts.contains(FactBuilder.ESKETAMINE) ? Product.ESKETAMINE
                : concepts.contains(FactBuilder.RACEMIC_KETAMINE) ? Product.KETAMINE : null;
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
}
