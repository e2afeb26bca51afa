package org.ketaminecds.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Hit;
import org.ketaminecds.core.vocabulary.PlannedCheck;
import org.ketaminecds.core.vocabulary.UnrecognisedMedication;

/**
 * Turns the hits of one evaluation into explained findings: one finding per rule (its weightiest branch, with the
 * evidence of every hit of that branch), the package's wording, data gaps, and the disposition. A finding's detail
 * ends with how its evidence was read when that is not plain: a unit converted (the value and unit as sent), or a
 * tie of effective times and how it was broken.
 */
final class FindingAssembler {

    /** Weightiest first: FIRED before CANNOT_ASSESS, then severity, then absolute before relative. */
    private static final Comparator<Hit> WEIGHTIEST_FIRST = Comparator
            .comparing((Hit h) -> h.outcome() == Outcome.FIRED ? 0 : 1)
            .thenComparing(Hit::severity, Comparator.reverseOrder())
            .thenComparing(FindingAssembler::typeRank)
            .thenComparing(Hit::variant)
            // Hits of equal weight must not depend on firing order: same input, same output.
            .thenComparing(h -> String.valueOf(h.reason()))
            .thenComparing(h -> String.valueOf(h.input()));

    private static final Comparator<Finding> REPORT_ORDER = Comparator
            .comparing(Finding::severity, Comparator.reverseOrder())
            .thenComparing(Finding::ruleId)
            .thenComparing(Finding::outcome);

    static final String CANNOT_ASSESS_VARIANT = "cannot-assess";

    private static final Comparator<MonitoringItem> PLAN_ORDER = Comparator
            .comparing(MonitoringItem::dueStart, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(MonitoringItem::ruleId)
            .thenComparing(MonitoringItem::what);

    private final RuleCatalog catalog;
    private final Terminology terminology;
    private final KnowledgeInfo knowledge;

    FindingAssembler(RuleCatalog catalog, Terminology terminology, KnowledgeInfo knowledge) {
        this.catalog = catalog;
        this.terminology = terminology;
        this.knowledge = knowledge;
    }

    Assessment assemble(String patientId, Evaluation evaluation, List<Hit> hits, List<PlannedCheck> checks,
                        List<UnrecognisedMedication> unrecognised, Map<String, List<String>> readingNotes) {
        Map<String, List<Hit>> byRule = new TreeMap<>();
        for (Hit h : hits) {
            byRule.computeIfAbsent(h.ruleId(), k -> new ArrayList<>()).add(h);
        }
        List<Finding> findings = new ArrayList<>(byRule.size());
        TreeSet<List<String>> gaps = new TreeSet<>(Comparator.comparing((List<String> g) -> g.get(0))
                .thenComparing(g -> g.get(1)).thenComparing(g -> g.get(2)));
        // A hit's reason is worded once: the finding and its data gap say the same text.
        Map<Hit, String> worded = new IdentityHashMap<>();
        Function<Hit, String> reasonOf = h -> worded.computeIfAbsent(h, k -> reason(k, evaluation));
        for (List<Hit> ruleHits : byRule.values()) {
            ruleHits.sort(WEIGHTIEST_FIRST);
            findings.add(finding(ruleHits, evaluation, readingNotes, reasonOf));
            for (Hit h : ruleHits) {
                if (h.outcome() == Outcome.CANNOT_ASSESS) {
                    gaps.add(List.of(h.ruleId(), String.valueOf(h.input()), String.valueOf(reasonOf.apply(h))));
                }
            }
        }
        // One gap per unrecognised drug, naming every resource of it (a drug given four times a day is one gap).
        Map<String, TreeSet<String>> idsByReason = new TreeMap<>();
        for (UnrecognisedMedication u : unrecognised) {
            idsByReason.computeIfAbsent(u.reason(), k -> new TreeSet<>()).add(u.id());
        }
        idsByReason.forEach((reason, ids) -> gaps.add(List.of(DataGap.DATA_QUALITY_RULE, DataGap.MEDICATION_CODE,
                String.join(", ", ids) + " " + reason)));
        findings.sort(REPORT_ORDER);
        List<DataGap> dataGaps = gaps.stream().map(g -> new DataGap(g.get(0), g.get(1), g.get(2))).toList();
        List<MonitoringItem> plan = checks.stream()
                .map(c -> new MonitoringItem(what(c, evaluation), terminology.representativeCode(c.concept()),
                        c.dueStart(), c.dueEnd(), c.ruleId()))
                .distinct().sorted(PLAN_ORDER).toList();
        return new Assessment(patientId, evaluation.asOf(), evaluation.mode(), evaluation.product(), knowledge,
                Disposition.of(findings), findings, plan, dataGaps);
    }

    private Finding finding(List<Hit> ruleHits, Evaluation evaluation, Map<String, List<String>> readingNotes,
                            Function<Hit, String> reasonOf) {
        Hit lead = ruleHits.get(0);
        TreeSet<String> evidence = new TreeSet<>();
        Map<String, Number> thresholds = new TreeMap<>();
        TreeSet<String> reasons = new TreeSet<>();
        boolean allSuspected = true;
        for (Hit h : ruleHits) {
            if (sameBranch(h, lead)) {
                evidence.addAll(h.evidence());
                thresholds.putAll(h.thresholds());
                allSuspected &= h.suspected();
                if (h.reason() != null) {
                    reasons.add(reasonOf.apply(h));
                }
            }
        }
        // Every missing input of the branch is named, e.g. both REMS facts of KET-CAND-010.
        String reason = reasons.isEmpty() ? null : String.join("; ", reasons);
        ContraindicationType type = lead.contraindication();
        RuleCatalog.Entry entry = catalog.get(lead.ruleId());
        boolean fired = lead.outcome() == Outcome.FIRED;
        // A CANNOT_ASSESS finding speaks in the rule's "cannot-assess" wording when it has one.
        String variant = fired ? lead.variant() : CANNOT_ASSESS_VARIANT;
        String summary = fill(fired || entry.summaries().containsKey(CANNOT_ASSESS_VARIANT)
                ? entry.summary(variant)
                : "Cannot assess (" + entry.title() + "): {reason}.", lead, reason, evaluation);
        String detail = withNotes(fill(entry.detail(variant), lead, reason, evaluation), evidence, readingNotes);
        if (type == ContraindicationType.ABSOLUTE && allSuspected) {
            // §2.0: a provisional or differential diagnosis lowers an absolute rule to a relative one.
            type = ContraindicationType.RELATIVE;
            summary = "Suspected: " + summary;
        }
        if (lead.product() != null && evaluation.product() == null) {
            summary = "For " + lead.product().displayName() + ": " + summary;
        }
        return new Finding(lead.ruleId(), entry.ruleSet(), lead.outcome(), lead.severity(), type, lead.product(),
                summary, detail, reason, List.copyOf(evidence), thresholds,
                entry.sources(), entry.suggestions());
    }

    /** Appends what the notes say about the evidence, each note once, in a stable order. */
    private static String withNotes(String detail, Iterable<String> evidence, Map<String, List<String>> readingNotes) {
        if (readingNotes.isEmpty()) {
            return detail;
        }
        TreeSet<String> notes = new TreeSet<>();
        for (String id : evidence) {
            notes.addAll(readingNotes.getOrDefault(id, List.of()));
        }
        if (notes.isEmpty()) {
            return detail;
        }
        String read = String.join(" ", notes);
        return detail == null || detail.isBlank() ? read : detail + " " + read;
    }

    private static boolean sameBranch(Hit a, Hit b) {
        return a.outcome() == b.outcome() && a.severity() == b.severity() && a.variant().equals(b.variant())
                && a.contraindication() == b.contraindication();
    }

    private static int typeRank(Hit h) {
        if (h.contraindication() == ContraindicationType.ABSOLUTE) {
            return h.suspected() ? 1 : 0;
        }
        return h.contraindication() == ContraindicationType.RELATIVE ? 2 : 3;
    }

    /** The wording of a CANNOT_ASSESS hit's reason key; a reason the wording does not know is shown as given. */
    private String reason(Hit h, Evaluation evaluation) {
        String text = catalog.get(h.ruleId()).reasons().get(h.reason());
        return text == null ? h.reason() : fill(text, h, null, evaluation);
    }

    /** The wording of a plan item's check key; a check the wording does not know is shown as given. */
    private String what(PlannedCheck c, Evaluation evaluation) {
        String text = catalog.get(c.ruleId()).checks().get(c.what());
        return text == null ? c.what() : Wording.fill(text, Map.of(), evaluation.thresholds());
    }

    /** Fills the hit's values, {@code {reason}}, {@code {input}} and the thresholds in force ({@code {NAME}}). */
    private static String fill(String text, Hit hit, String reason, Evaluation evaluation) {
        if (text.indexOf('{') < 0) {
            return text;
        }
        Map<String, String> values = new java.util.HashMap<>(hit.params());
        if (reason != null) {
            values.put("reason", reason);
        }
        if (hit.input() != null) {
            values.put("input", hit.input());
        }
        return Wording.fill(text, values, evaluation.thresholds());
    }
}
