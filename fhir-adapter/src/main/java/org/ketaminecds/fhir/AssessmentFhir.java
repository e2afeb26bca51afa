package org.ketaminecds.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RequestGroup;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.ContraindicationType;
import org.ketaminecds.core.DataGap;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.MonitoringItem;
import org.ketaminecds.core.Outcome;
import org.ketaminecds.core.Severity;

/**
 * An {@link Assessment} as FHIR R4 ({@code --format fhir}): a collection Bundle with a GuidanceResponse (status,
 * the disposition and disclaimer as notes, evaluation messages in an OperationOutcome), one DetectedIssue per fired
 * contraindication or warning, and a RequestGroup of proposed ServiceRequests carrying the monitoring plan.
 * Deterministic: the same assessment gives the same bytes (ids are name-based UUIDs).
 */
public final class AssessmentFhir {

    /** Rule ids as codes (the knowledge base's stable ids). */
    public static final String RULE_SYSTEM = "http://example.org/fhir/CodeSystem/ketamine-cds-rule";
    /** The package as the GuidanceResponse's module: {@code <base>/<id>|<version>}. */
    public static final String MODULE_BASE = "http://example.org/fhir/ketamine-cds/Library/";

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private AssessmentFhir() {
    }

    /** The Bundle; a new object each call. */
    public static Bundle toBundle(Assessment a) {
        Ids ids = new Ids(a);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        Reference patient = new Reference(a.patient());

        OperationOutcome messages = messages(a);
        GuidanceResponse guidance = new GuidanceResponse()
                .setModule(new CanonicalType(MODULE_BASE + a.knowledge().id() + "|"
                        + a.knowledge().version()))
                .setStatus(hasGaps(a) ? GuidanceResponse.GuidanceResponseStatus.DATAREQUESTED
                        : GuidanceResponse.GuidanceResponseStatus.SUCCESS)
                .setSubject(patient)
                .setOccurrenceDateTimeElement(dateTime(a.asOf()));
        guidance.setRequestIdentifier(new Identifier()
                .setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + ids.next("request")));
        guidance.addNote(new Annotation().setText("Disposition: " + a.disposition().name() + " (mode "
                + a.mode().name() + (a.product() == null ? "" : ", product " + a.product().name()) + "; knowledge "
                + a.knowledge().describe() + ")"));
        guidance.addNote(new Annotation().setText(Assessment.DISCLAIMER));

        List<Resource> issues = new ArrayList<>();
        for (Finding f : a.findings()) {
            if (f.outcome() == Outcome.FIRED && (f.contraindication() != null || f.severity() != Severity.INFO)) {
                issues.add(issue(f, a, patient));
            }
        }
        RequestGroup plan = a.monitoringPlan().isEmpty() ? null : new RequestGroup()
                .setStatus(RequestGroup.RequestStatus.DRAFT)
                .setIntent(RequestGroup.RequestIntent.PROPOSAL)
                .setSubject(patient);
        List<Resource> orders = new ArrayList<>();
        if (plan != null) {
            plan.setAuthoredOnElement(dateTime(a.asOf()));
            for (MonitoringItem m : a.monitoringPlan()) {
                ServiceRequest order = monitoringOrder(m, a.patient());
                String orderUrl = add(bundle, order, ids, orders);
                plan.addAction().setTitle(m.what()).setDescription("Required by " + m.ruleId())
                        .setTiming(period(m))
                        .setResource(new Reference(orderUrl));
            }
        }
        String messagesUrl = "urn:uuid:" + ids.next("messages");
        guidance.addEvaluationMessage(new Reference(messagesUrl));
        String guidanceUrl = "urn:uuid:" + ids.next("guidance");
        String planUrl = plan == null ? null : "urn:uuid:" + ids.next("plan");
        if (planUrl != null) {
            guidance.setResult(new Reference(planUrl));
        }
        // Entry order: the guidance first, then what it refers to.
        List<Bundle.BundleEntryComponent> entries = new ArrayList<>();
        entries.add(new Bundle.BundleEntryComponent().setFullUrl(guidanceUrl).setResource(guidance));
        entries.add(new Bundle.BundleEntryComponent().setFullUrl(messagesUrl).setResource(messages));
        for (Resource issue : issues) {
            entries.add(new Bundle.BundleEntryComponent().setFullUrl("urn:uuid:" + ids.next("issue")).setResource(issue));
        }
        if (planUrl != null) {
            entries.add(new Bundle.BundleEntryComponent().setFullUrl(planUrl).setResource(plan));
        }
        entries.addAll(bundle.getEntry());
        bundle.setEntry(entries);
        return bundle;
    }

    /** The Bundle as indented JSON. */
    public static String toJson(Assessment a) {
        return FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(toBundle(a));
    }

    /** Compact FHIR JSON of any R4 resource (the shared context, a parser per call). */
    public static String encode(IBaseResource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }

    /** A proposed order for a monitoring check: what a host can put on a worklist. */
    public static ServiceRequest monitoringOrder(MonitoringItem m, String patient) {
        ServiceRequest order = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.DRAFT)
                .setIntent(ServiceRequest.ServiceRequestIntent.PROPOSAL)
                .setSubject(new Reference(patient))
                .setCode(codeOf(m.code(), m.what()))
                .setOccurrence(period(m));
        order.addReasonCode(new CodeableConcept().addCoding(
                new Coding(RULE_SYSTEM, m.ruleId(), null)).setText("Required by " + m.ruleId()));
        return order;
    }

    private static DetectedIssue issue(Finding f, Assessment a, Reference patient) {
        DetectedIssue issue = new DetectedIssue()
                .setStatus(DetectedIssue.DetectedIssueStatus.FINAL)
                .setCode(new CodeableConcept().addCoding(new Coding(RULE_SYSTEM, f.ruleId(), null))
                        .setText(f.summary()))
                .setSeverity(switch (f.severity()) {
                    case CRITICAL -> DetectedIssue.DetectedIssueSeverity.HIGH;
                    case WARNING -> DetectedIssue.DetectedIssueSeverity.MODERATE;
                    case INFO -> DetectedIssue.DetectedIssueSeverity.LOW;
                })
                .setPatient(patient)
                .setIdentified(dateTime(a.asOf()))
                .setDetail(explanation(f, a));
        for (String evidence : f.evidence()) {
            issue.addImplicated(new Reference(evidence));
            issue.addEvidence().addDetail(new Reference(evidence));
        }
        if (f.detail() != null && !f.detail().isBlank()) {
            issue.addMitigation().setAction(new CodeableConcept().setText(f.detail()));
        }
        return issue;
    }

    /** Rule, type, thresholds, sources and package: what a reviewer needs to trace the finding. */
    static String explanation(Finding f, Assessment a) {
        StringBuilder text = new StringBuilder(f.summary());
        text.append(" Rule ").append(f.ruleId()).append(" (").append(f.ruleSet().name());
        if (f.contraindication() != null) {
            text.append(", ").append(f.contraindication() == ContraindicationType.ABSOLUTE ? "absolute" : "relative")
                    .append(" contraindication");
        }
        text.append("), knowledge package ").append(a.knowledge().id()).append(' ').append(a.knowledge().version()).append('.');
        if (!f.thresholds().isEmpty()) {
            text.append(" Thresholds: ").append(new TreeMap<>(f.thresholds()).entrySet().stream()
                    .map(t -> t.getKey() + " = " + t.getValue()).collect(Collectors.joining(", "))).append('.');
        }
        if (!f.sources().isEmpty()) {
            text.append(" Sources: ").append(String.join("; ", f.sources())).append('.');
        }
        return text.toString();
    }

    /**
     * CANNOT_ASSESS findings and data gaps as issues: what the record did not let the rules judge. A medication the
     * package cannot recognise is a {@code code-invalid} warning naming the resource, its codes and the fix.
     */
    private static OperationOutcome messages(Assessment a) {
        OperationOutcome outcome = new OperationOutcome();
        for (Finding f : a.findings()) {
            if (f.outcome() == Outcome.CANNOT_ASSESS) {
                outcome.addIssue()
                        .setSeverity(f.severity() == Severity.CRITICAL ? OperationOutcome.IssueSeverity.ERROR
                                : OperationOutcome.IssueSeverity.WARNING)
                        .setCode(OperationOutcome.IssueType.INCOMPLETE)
                        .setDetails(new CodeableConcept().addCoding(new Coding(RULE_SYSTEM, f.ruleId(), null))
                                .setText(f.summary()))
                        .setDiagnostics("Cannot assess " + f.ruleId() + (f.reason() == null ? "" : ": " + f.reason()));
            }
        }
        for (DataGap gap : a.dataGaps()) {
            if (gap.unrecognisedMedication()) {
                // A code the package cannot read, in a resource of the record: what code-invalid is for.
                outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.WARNING)
                        .setCode(OperationOutcome.IssueType.CODEINVALID)
                        .setDetails(new CodeableConcept().addCoding(new Coding(RULE_SYSTEM, gap.ruleId(), null))
                                .setText("Medication not recognised by its code: checks that read medications may miss it"))
                        .setDiagnostics(gap.reason());
            } else {
                outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                        .setCode(OperationOutcome.IssueType.INCOMPLETE)
                        .setDiagnostics(gap.ruleId() + " needed " + gap.input() + ": " + gap.reason());
            }
        }
        // An OperationOutcome needs an issue: say that the evaluation ran, and what it is.
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                .setCode(OperationOutcome.IssueType.INFORMATIONAL)
                .setDiagnostics("Evaluated in mode " + a.mode().name() + ": " + a.findings().size() + " finding(s), disposition "
                        + a.disposition().name() + ". " + Assessment.DISCLAIMER);
        return outcome;
    }

    /** As the instant prints (UTC, "Z"), like the JSON format: the same instant always prints the same way. */
    private static DateTimeType dateTime(Instant t) {
        return new DateTimeType(t.toString());
    }

    private static boolean hasGaps(Assessment a) {
        return !a.dataGaps().isEmpty() || a.findings().stream().anyMatch(f -> f.outcome() == Outcome.CANNOT_ASSESS);
    }

    private static Period period(MonitoringItem m) {
        Period period = new Period();
        if (m.dueStart() != null) {
            period.setStartElement(dateTime(m.dueStart()));
        }
        if (m.dueEnd() != null) {
            period.setEndElement(dateTime(m.dueEnd()));
        }
        return period;
    }

    /** {@code system|code} to a CodeableConcept, with the plain words as its text. */
    static CodeableConcept codeOf(String systemAndCode, String text) {
        CodeableConcept concept = new CodeableConcept().setText(text);
        if (systemAndCode != null) {
            int bar = systemAndCode.indexOf('|');
            concept.addCoding(bar < 0 ? new Coding(null, systemAndCode, null)
                    : new Coding(systemAndCode.substring(0, bar), systemAndCode.substring(bar + 1), null));
        }
        return concept;
    }

    private static String add(Bundle bundle, Resource resource, Ids ids, List<Resource> added) {
        String url = "urn:uuid:" + ids.next("order");
        bundle.addEntry().setFullUrl(url).setResource(resource);
        added.add(resource);
        return url;
    }

    /** Name-based UUIDs from the assessment's identity: stable across runs, distinct within one Bundle. */
    private static final class Ids {
        private final String seed;
        private final Map<String, Integer> counters = new TreeMap<>();

        Ids(Assessment a) {
            this.seed = a.patient() + "|" + a.asOf() + "|" + a.mode() + "|" + a.knowledge().sha256();
        }

        UUID next(String kind) {
            int n = counters.merge(kind, 1, Integer::sum);
            return UUID.nameUUIDFromBytes((seed + "|" + kind + "|" + n).getBytes(StandardCharsets.UTF_8));
        }
    }

}
