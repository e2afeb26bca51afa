package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.RequestGroup;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.KnowledgeInfo;
import org.ketaminecds.core.Mode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The FHIR output, checked by HAPI's instance validator (built once: the first validation takes seconds). */
class AssessmentFhirTest {

    static final Instant AS_OF = Instant.parse("2026-03-01T08:50:00Z");
    static CdsEngine engine;
    static FhirValidator validator;
    static final FhirContext FHIR = FhirContext.forR4Cached();

    @BeforeAll
    static void build() {
        engine = CdsEngine.builder().build();
        ValidationSupportChain support = new ValidationSupportChain(
                new org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain(FHIR.getValidationSupport()),
                new InMemoryTerminologyServerValidationSupport(FHIR),
                new CommonCodeSystemsTerminologyService(FHIR));
        validator = FHIR.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
    }

    static Assessment assess(String example, Mode mode) throws Exception {
        Path file = SharedData.repositoryRoot().resolve("samples/cli/examples").resolve(example);
        return engine.evaluate(FhirRecordReader.create().read(file), EvaluationContext.of(mode, AS_OF));
    }

    static Stream<Object[]> examples() {
        return Stream.of(new Object[] {"aneurysm.json", Mode.CANDIDACY}, new Object[] {"eligible-trd.json", Mode.CANDIDACY},
                new Object[] {"dosing-day-stale-vitals.json", Mode.PRE_DOSE}, new Object[] {"aneurysm.json", Mode.PRE_DOSE},
                new Object[] {"unrecognised-medications.json", Mode.CANDIDACY});
    }

    @ParameterizedTest
    @MethodSource("examples")
    void toBundle_examplePatients_validR4WithoutErrors(String example, Mode mode) throws Exception {
        Bundle bundle = AssessmentFhir.toBundle(assess(example, mode));

        ValidationResult result = validator.validateWithResult(bundle);
        List<String> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(m -> m.getLocationString() + ": " + m.getMessage()).toList();
        assertThat(errors).isEmpty();
    }

    @Test
    void toBundle_absoluteContraindication_detectedIssueWithEvidenceAndMitigation() throws Exception {
        Bundle bundle = AssessmentFhir.toBundle(assess("aneurysm.json", Mode.CANDIDACY));

        GuidanceResponse guidance = (GuidanceResponse) bundle.getEntryFirstRep().getResource();
        assertThat(guidance.getModuleCanonicalType().getValue()).startsWith(AssessmentFhir.MODULE_BASE + "ketamine-cds-rules|");
        assertThat(guidance.getNote()).extracting(n -> n.getText()).anyMatch(t -> t.startsWith("Disposition: DO_NOT_PROCEED"))
                .contains(Assessment.DISCLAIMER);
        DetectedIssue aaa = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(DetectedIssue.class::isInstance).map(DetectedIssue.class::cast)
                .filter(i -> i.getCode().getCodingFirstRep().getCode().equals("KET-CONTRA-001")).findFirst().orElseThrow();
        assertThat(aaa.getSeverity()).isEqualTo(DetectedIssue.DetectedIssueSeverity.HIGH);
        assertThat(aaa.getImplicatedFirstRep().getReference()).isEqualTo("Condition/aaa");
        assertThat(aaa.getEvidenceFirstRep().getDetailFirstRep().getReference()).isEqualTo("Condition/aaa");
        assertThat(aaa.getDetail()).contains("absolute contraindication").contains("Sources: S1 §4");
        assertThat(aaa.getMitigationFirstRep().getAction().getText()).isNotBlank();
    }

    @Test
    void toBundle_signedRuleFolder_guidanceNoteNamesHashAndSigner() throws Exception {
        Assessment a = assess("aneurysm.json", Mode.CANDIDACY);
        KnowledgeInfo signed = new KnowledgeInfo(a.knowledge().id(), "0.1.1", a.knowledge().sha256(),
                KnowledgeInfo.Source.SIGNED_FOLDER, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");

        Bundle bundle = AssessmentFhir.toBundle(new Assessment(a.patient(), a.asOf(), a.mode(), a.product(), signed,
                a.disposition(), a.findings(), a.monitoringPlan(), a.dataGaps()));

        GuidanceResponse guidance = (GuidanceResponse) bundle.getEntryFirstRep().getResource();
        assertThat(guidance.getNote()).extracting(n -> n.getText()).anyMatch(t -> t.contains("; knowledge "
                + "ketamine-cds-rules 0.1.1, sha256 " + a.knowledge().sha256()
                + ", signed by kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k)"));
    }

    @Test
    void toBundle_preDoseWithPlan_requestGroupOfProposedOrders() throws Exception {
        Bundle bundle = AssessmentFhir.toBundle(assess("dosing-day-stale-vitals.json", Mode.PRE_DOSE));

        RequestGroup plan = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(RequestGroup.class::isInstance).map(RequestGroup.class::cast).findFirst().orElseThrow();
        assertThat(plan.getAction()).isNotEmpty();
        // Every planned check is a proposed order; the stale pre-dose BP is one of them.
        List<ServiceRequest> orders = plan.getAction().stream().map(a -> a.getResource().getReference())
                .map(target -> (ServiceRequest) bundle.getEntry().stream().filter(e -> e.getFullUrl().equals(target))
                        .findFirst().orElseThrow().getResource())
                .toList();
        assertThat(orders).allSatisfy(o -> assertThat(o.getIntent()).isEqualTo(ServiceRequest.ServiceRequestIntent.PROPOSAL));
        assertThat(orders).anySatisfy(o -> assertThat(o.getCode().getCodingFirstRep().getCode()).isEqualTo("85354-9"));
    }

    @Test
    void toJson_sameAssessment_sameBytes() throws Exception {
        Assessment a = assess("aneurysm.json", Mode.CANDIDACY);

        assertThat(AssessmentFhir.toJson(a)).isEqualTo(AssessmentFhir.toJson(a)).contains("\"resourceType\": \"Bundle\"");
    }

    @Test
    void toBundle_unrecognisedMedications_codeInvalidWarningsInTheEvaluationMessages() throws Exception {
        Bundle bundle = AssessmentFhir.toBundle(assess("unrecognised-medications.json", Mode.CANDIDACY));

        GuidanceResponse guidance = (GuidanceResponse) bundle.getEntryFirstRep().getResource();
        assertThat(guidance.getStatus()).isEqualTo(GuidanceResponse.GuidanceResponseStatus.DATAREQUESTED);
        OperationOutcome messages = (OperationOutcome) bundle.getEntry().get(1).getResource();
        assertThat(bundle.getEntry().get(1).getFullUrl()).isEqualTo(guidance.getEvaluationMessageFirstRep().getReference());
        assertThat(messages.getIssue()).filteredOn(i -> i.getCode() == OperationOutcome.IssueType.CODEINVALID)
                .extracting(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics).hasSize(3)
                .anySatisfy(d -> assertThat(d).startsWith("MedicationStatement/alprazolam-formulary 'ALPRAZOLAM 0.5MG TAB' "
                        + "[urn:oid:2.16.840.1.113883.3.1234.1|ALP05]: no RxNorm or NDC code; looks like alprazolam"));
        assertThat(messages.getIssue()).filteredOn(i -> i.getCode() == OperationOutcome.IssueType.CODEINVALID)
                .allSatisfy(i -> {
                    assertThat(i.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.WARNING);
                    assertThat(i.getDetails().getCodingFirstRep().getCode()).isEqualTo("KET-MON-020");
                });
    }
}
