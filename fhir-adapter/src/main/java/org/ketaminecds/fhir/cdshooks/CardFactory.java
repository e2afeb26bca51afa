package org.ketaminecds.fhir.cdshooks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.ContraindicationType;
import org.ketaminecds.core.DataGap;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.MonitoringItem;
import org.ketaminecds.core.Outcome;
import org.ketaminecds.fhir.AssessmentFhir;

/**
 * Cards from an assessment: one per finding, explained, with FHIR actions where the rule names one; and one info card
 * listing every current medication the package could not recognise by its code (its data gaps), not one card each.
 */
final class CardFactory {

    /** The spec's limit is 140 characters; findings' summaries are shorter, this guards wording edits. */
    static final int MAX_SUMMARY = 139;
    static final String LOINC = "http://loinc.org";

    private final String documentationUrl;

    CardFactory(String documentationUrl) {
        this.documentationUrl = documentationUrl;
    }

    /**
     * @param hookInstance the request's id: card and suggestion uuids derive from it, so a repeated call gives the
     *                     same uuids and feedback can be matched
     * @param draftOrders  the ketamine/esketamine draft orders of an order hook ({@code MedicationRequest/x})
     */
    List<CdsHooksJson.Card> cards(HookService service, Assessment a, String hookInstance, List<String> draftOrders) {
        List<CdsHooksJson.Card> cards = new ArrayList<>(a.findings().size());
        for (int i = 0; i < a.findings().size(); i++) {
            Finding f = a.findings().get(i);
            String seed = hookInstance + "|" + service.id + "|" + i + "|" + f.ruleId();
            List<CdsHooksJson.Suggestion> suggestions = suggestions(f, a, draftOrders, seed);
            cards.add(new CdsHooksJson.Card(
                    uuid(seed),
                    summary(f.summary()),
                    detail(f, a),
                    indicator(f),
                    new CdsHooksJson.Source("ketamine-cds · " + a.knowledge().id() + " " + a.knowledge().version(),
                            documentationUrl, new CdsHooksJson.Coding(AssessmentFhir.RULE_SYSTEM, f.ruleId(), f.ruleId())),
                    suggestions,
                    suggestions.isEmpty() ? null : "at-most-one",
                    OverrideReason.forFinding(f).stream().map(OverrideReason::coding).toList()));
        }
        List<DataGap> medications = a.dataGaps().stream().filter(DataGap::unrecognisedMedication).toList();
        if (!medications.isEmpty()) {
            cards.add(unrecognisedMedications(service, a, hookInstance, medications));
        }
        return cards;
    }

    /** One info card for all of them: a to-do list for whoever maps the codes, not an alert per drug. */
    private CdsHooksJson.Card unrecognisedMedications(HookService service, Assessment a, String hookInstance,
                                                      List<DataGap> gaps) {
        String summary = gaps.size() == 1
                ? "1 medication on record has a code the package does not recognise: checks that read medications may miss it."
                : gaps.size() + " medications on record have codes the package does not recognise: checks that read medications may miss them.";
        StringBuilder md = new StringBuilder("No rule counted these current medications: their codes are not in the "
                + "knowledge package. A name never counts as the drug, so check what the patient takes; map the codes "
                + "(or send RxNorm) so that the interaction, CNS-depressant and substance-use checks can read them.\n\n");
        for (DataGap g : gaps) {
            md.append("- ").append(g.reason()).append('\n');
        }
        md.append("\n**Rule:** `").append(DataGap.DATA_QUALITY_RULE).append("` (data quality: medication codes) · knowledge "
                + "package `").append(a.knowledge().id()).append("` ").append(a.knowledge().version())
                .append(" · overall: ").append(a.disposition().name().replace('_', ' ')).append("\n\n")
                .append('_').append(Assessment.DISCLAIMER).append('_');
        return new CdsHooksJson.Card(uuid(hookInstance + "|" + service.id + "|unrecognised-medications"), summary(summary),
                md.toString(), "info", new CdsHooksJson.Source("ketamine-cds · " + a.knowledge().id() + " "
                        + a.knowledge().version(), documentationUrl, new CdsHooksJson.Coding(AssessmentFhir.RULE_SYSTEM,
                        DataGap.DATA_QUALITY_RULE, DataGap.DATA_QUALITY_RULE)),
                List.of(), null, List.of());
    }

    static String indicator(Finding f) {
        return f.severity().name().toLowerCase(Locale.ROOT);
    }

    static String summary(String text) {
        return text.length() <= MAX_SUMMARY ? text : text.substring(0, MAX_SUMMARY - 1) + "…";
    }

    /** Markdown: the advice, then why (evidence, thresholds, sources), then where it comes from. */
    static String detail(Finding f, Assessment a) {
        StringBuilder md = new StringBuilder();
        md.append(f.detail() == null || f.detail().isBlank() ? f.summary() : f.detail()).append("\n\n");
        if (f.outcome() == Outcome.CANNOT_ASSESS) {
            md.append("**Could not assess:** ").append(f.reason() == null ? "an input is missing" : f.reason()).append("\n\n");
        }
        md.append("**Evidence:** ").append(f.evidence().isEmpty() ? "none in the record"
                : f.evidence().stream().map(e -> "`" + e + "`").collect(Collectors.joining(", "))).append("\n\n");
        if (!f.thresholds().isEmpty()) {
            md.append("**Thresholds:** ").append(new TreeMap<>(f.thresholds()).entrySet().stream()
                    .map(t -> "`" + t.getKey() + "` = " + t.getValue()).collect(Collectors.joining(", "))).append("\n\n");
        }
        if (!f.sources().isEmpty()) {
            md.append("**Sources:** ").append(String.join("; ", f.sources())).append("\n\n");
        }
        md.append("**Rule:** `").append(f.ruleId()).append("` (").append(f.ruleSet().name().toLowerCase(Locale.ROOT)
                .replace('_', ' '));
        if (f.contraindication() != null) {
            md.append(", ").append(f.contraindication().name().toLowerCase(Locale.ROOT)).append(" contraindication");
        }
        md.append(") · knowledge package ").append(a.knowledge().describe())
                .append(" · overall: ").append(a.disposition().name().replace('_', ' ')).append("\n\n");
        md.append('_').append(Assessment.DISCLAIMER).append('_');
        return md.toString();
    }

    private List<CdsHooksJson.Suggestion> suggestions(Finding f, Assessment a, List<String> draftOrders, String seed) {
        List<CdsHooksJson.Suggestion> out = new ArrayList<>();
        for (String name : f.suggestions()) {
            CdsHooksJson.Action action = switch (name) {
                case "measure-bp" -> create("Propose a blood pressure measurement",
                        order(a, f.ruleId(), LOINC, "85354-9", "Blood pressure panel"));
                case "record-phq9" -> create("Propose a PHQ-9 depression questionnaire",
                        order(a, f.ruleId(), LOINC, "44249-1", "PHQ-9 quick depression assessment panel"));
                default -> null; // a name with no FHIR action yet: the card still explains it
            };
            if (action != null) {
                out.add(new CdsHooksJson.Suggestion(action.description(), uuid(seed + "|" + name), null, List.of(action)));
            }
        }
        if (f.outcome() == Outcome.FIRED && f.contraindication() == ContraindicationType.ABSOLUTE) {
            for (String order : draftOrders) {
                CdsHooksJson.Action remove = new CdsHooksJson.Action("delete",
                        "Remove the draft " + (a.product() == null ? "ketamine" : a.product().displayName()) + " order",
                        null, order);
                out.add(new CdsHooksJson.Suggestion(remove.description(), uuid(seed + "|remove|" + order), null,
                        List.of(remove)));
            }
        }
        return out;
    }

    private static CdsHooksJson.Action create(String description, ServiceRequest resource) {
        return new CdsHooksJson.Action("create", description, AssessmentFhir.encode(resource), null);
    }

    /** A proposed order; its due window from the monitoring plan when the rule put the check there. */
    private static ServiceRequest order(Assessment a, String ruleId, String system, String code, String display) {
        for (MonitoringItem m : a.monitoringPlan()) {
            if (m.ruleId().equals(ruleId) && (system + "|" + code).equals(m.code())) {
                return AssessmentFhir.monitoringOrder(m, a.patient());
            }
        }
        ServiceRequest order = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.DRAFT)
                .setIntent(ServiceRequest.ServiceRequestIntent.PROPOSAL)
                .setSubject(new Reference(a.patient()))
                .setCode(new CodeableConcept().addCoding(new Coding(system, code, display)).setText(display));
        order.addReasonCode(new CodeableConcept().addCoding(new Coding(AssessmentFhir.RULE_SYSTEM, ruleId, null))
                .setText("Required by " + ruleId));
        return order;
    }

    static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

}
