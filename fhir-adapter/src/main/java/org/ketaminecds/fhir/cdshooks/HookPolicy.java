package org.ketaminecds.fhir.cdshooks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.DataGap;
import org.ketaminecds.core.Disposition;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.MonitoringItem;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.RuleSet;
import org.ketaminecds.core.record.MedicationEntry;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.record.UnusableResource;

/**
 * Which hook asks for which assessment (DESIGN.md): patient-view is a review when ketamine or esketamine was given in
 * the last 90 days, else candidacy; order-select and order-sign are candidacy with the draft order as the planned
 * treatment, plus the tolerance and dependence rules (and the review when a course is ongoing), and only for a
 * ketamine or esketamine draft; encounter-start is the pre-dose check, for a patient with a ketamine order or course.
 * Thread-safe.
 */
final class HookPolicy {

    /** "A course is ongoing": an administration this recent. */
    static final Duration ONGOING_COURSE = Duration.ofDays(90);
    private static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> -f.severity().ordinal()).thenComparing(Finding::ruleId);

    private final CdsEngine engine;

    HookPolicy(CdsEngine engine) {
        this.engine = engine;
    }

    /**
     * The draft MedicationRequests (the selected ones, when order-select names selections) that are ketamine or
     * esketamine: an order hook is silent without one.
     *
     * @param drafts     the record of the draft orders alone
     * @param selections order-select's {@code selections}; empty for every draft
     * @throws CdsHooksException 400 when a draft cannot be used (unreadable, or another patient's)
     */
    List<String> ketamineDrafts(PatientRecord drafts, Set<String> selections) throws CdsHooksException {
        if (!drafts.unusable().isEmpty()) {
            // The order being signed must be the one checked: a draft that cannot be read, or another patient's,
            // is refused rather than passed over in silence.
            UnusableResource left = drafts.unusable().get(0);
            throw new CdsHooksException(CdsHooksException.BAD_REQUEST, "context.draftOrders: " + left.id()
                    + " cannot be used: " + left.problem());
        }
        List<String> ids = new ArrayList<>();
        for (MedicationEntry m : drafts.medications()) {
            if (m.kind() == MedicationKind.REQUEST && engine.isKetamineProduct(m.codes())
                    && (selections.isEmpty() || selections.contains(m.id()))) {
                ids.add(m.id());
            }
        }
        return ids;
    }

    /** The hook's assessment of the record, or {@code null} when the hook has nothing to say about this patient. */
    Assessment assess(HookService service, PatientRecord record, Instant asOf) {
        boolean ongoing = ongoingCourse(record, asOf);
        return switch (service) {
            case PATIENT_VIEW -> engine.evaluate(record, EvaluationContext.of(ongoing ? Mode.REVIEW : Mode.CANDIDACY, asOf));
            case ORDER_SELECT, ORDER_SIGN -> orderCheck(record, asOf, ongoing);
            case ENCOUNTER_START -> ongoing || hasKetamineOrder(record)
                    ? engine.evaluate(record, EvaluationContext.of(Mode.PRE_DOSE, asOf)) : null;
        };
    }

    private boolean ongoingCourse(PatientRecord record, Instant asOf) {
        Instant since = asOf.minus(ONGOING_COURSE);
        for (MedicationEntry m : record.medications()) {
            if (m.kind() == MedicationKind.ADMINISTRATION && m.start() != null && !m.start().isBefore(since)
                    && !m.start().isAfter(asOf) && ("completed".equals(m.status()) || "in-progress".equals(m.status()))
                    && engine.isKetamineProduct(m.codes())) {
                return true;
            }
        }
        return false;
    }

    private boolean hasKetamineOrder(PatientRecord record) {
        return record.medications().stream().anyMatch(m -> m.kind() == MedicationKind.REQUEST
                && ("active".equals(m.status()) || "draft".equals(m.status())) && engine.isKetamineProduct(m.codes()));
    }

    /** Candidacy for the draft order, with the tolerance/dependence rules of a pre-dose check and, mid-course, the review. */
    private Assessment orderCheck(PatientRecord record, Instant asOf, boolean ongoing) {
        Assessment candidacy = engine.evaluate(record, EvaluationContext.of(Mode.CANDIDACY, asOf));
        List<Assessment> more = new ArrayList<>();
        more.add(only(engine.evaluate(record, EvaluationContext.of(Mode.PRE_DOSE, asOf)), RuleSet.TOLERANCE_DEPENDENCE));
        if (ongoing) {
            more.add(engine.evaluate(record, EvaluationContext.of(Mode.REVIEW, asOf)));
        }
        return merge(candidacy, more);
    }

    private static Assessment only(Assessment a, RuleSet ruleSet) {
        List<Finding> findings = a.findings().stream().filter(f -> f.ruleSet() == ruleSet).toList();
        Set<String> rules = new HashSet<>(findings.stream().map(Finding::ruleId).toList());
        return new Assessment(a.patient(), a.asOf(), a.mode(), a.product(), a.knowledge(), Disposition.of(findings), findings,
                List.of(), a.dataGaps().stream().filter(g -> rules.contains(g.ruleId())).toList());
    }

    /** The first assessment's findings, plus those of rules it did not report; the disposition recomputed. */
    static Assessment merge(Assessment first, List<Assessment> others) {
        List<Finding> findings = new ArrayList<>(first.findings());
        Set<String> rules = new HashSet<>(first.findings().stream().map(Finding::ruleId).toList());
        Set<MonitoringItem> plan = new LinkedHashSet<>(first.monitoringPlan());
        Set<DataGap> gaps = new LinkedHashSet<>(first.dataGaps());
        for (Assessment other : others) {
            Set<String> added = new HashSet<>();
            for (Finding f : other.findings()) {
                if (!rules.contains(f.ruleId())) {
                    findings.add(f);
                    added.add(f.ruleId());
                }
            }
            other.dataGaps().stream().filter(g -> added.contains(g.ruleId())).forEach(gaps::add);
            plan.addAll(other.monitoringPlan());
            rules.addAll(added);
        }
        findings.sort(ORDER);
        return new Assessment(first.patient(), first.asOf(), first.mode(), first.product(), first.knowledge(),
                Disposition.of(findings), findings, List.copyOf(plan), List.copyOf(gaps));
    }
}
