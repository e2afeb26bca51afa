package org.ketaminecds.fhir.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.RuleSet;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.MedicationEntry;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.record.UnusableResource;

class HookPolicyTest {

    private static final Instant AS_OF = CdsHooksServiceTest.AS_OF;
    private static final String ESKETAMINE = "2201625";
    private static final String LORAZEPAM = "6470";
    private static HookPolicy policy;

    @BeforeAll
    static void engine() {
        policy = new HookPolicy(CdsEngine.builder().build());
    }

    private static MedicationEntry request(String id, String rxnorm, String status) {
        return new MedicationEntry(id, MedicationKind.REQUEST, List.of(Coding.of(Coding.RXNORM, rxnorm)), null, status,
                "order", null, null, AS_OF.minusSeconds(86_400), null, null, List.of(), null, null);
    }

    private static MedicationEntry givenDaysAgo(int days) {
        return new MedicationEntry("MedicationAdministration/a" + days, MedicationKind.ADMINISTRATION,
                List.of(Coding.of(Coding.RXNORM, ESKETAMINE)), null, "completed", null,
                AS_OF.minusSeconds(days * 86_400L), null, null, null, null, List.of(), null, null);
    }

    private static PatientRecord record(MedicationEntry... medications) {
        PatientRecord.Builder r = PatientRecord.builder("Patient/p1").birthDate(LocalDate.of(1980, 1, 1));
        for (MedicationEntry m : medications) {
            r.medication(m);
        }
        return r.build();
    }

    @Test
    void ketamineDrafts_onlyKetamineRequests_andOnlyTheSelectedOnesWhenThereAreSelections() throws Exception {
        PatientRecord drafts = record(request("MedicationRequest/esk", ESKETAMINE, "draft"),
                request("MedicationRequest/esk2", ESKETAMINE, "draft"), request("MedicationRequest/lzp", LORAZEPAM, "draft"));

        assertThat(policy.ketamineDrafts(drafts, Set.of())).containsExactly("MedicationRequest/esk", "MedicationRequest/esk2");
        assertThat(policy.ketamineDrafts(drafts, Set.of("MedicationRequest/esk2", "MedicationRequest/lzp")))
                .containsExactly("MedicationRequest/esk2");
        assertThat(policy.ketamineDrafts(record(request("MedicationRequest/lzp", LORAZEPAM, "draft")), Set.of())).isEmpty();
    }

    @Test
    void ketamineDrafts_aDraftThatCannotBeUsed_400NamesIt() {
        PatientRecord drafts = PatientRecord.builder("Patient/aneurysm").medication(request("MedicationRequest/esk", ESKETAMINE, "draft"))
                .unusable(new UnusableResource("MedicationRequest/ketamine-plan",
                        "subject is Patient/someone-else, not this record's patient (Patient/aneurysm)"))
                .build();

        assertThatThrownBy(() -> policy.ketamineDrafts(drafts, Set.of()))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("context.draftOrders: MedicationRequest/ketamine-plan cannot be"
                            + " used: subject is Patient/someone-else, not this record's patient (Patient/aneurysm)");
                });
    }

    @Test
    void assess_patientView_reviewWithin90DaysOfADose_elseCandidacy() {
        assertThat(policy.assess(HookService.PATIENT_VIEW, record(givenDaysAgo(89)), AS_OF).mode()).isEqualTo(Mode.REVIEW);
        assertThat(policy.assess(HookService.PATIENT_VIEW, record(givenDaysAgo(91)), AS_OF).mode()).isEqualTo(Mode.CANDIDACY);
        assertThat(policy.assess(HookService.PATIENT_VIEW, record(), AS_OF).mode()).isEqualTo(Mode.CANDIDACY);
    }

    @Test
    void assess_encounterStart_preDoseForAKetamineOrderOrCourse_elseNothingToSay() {
        assertThat(policy.assess(HookService.ENCOUNTER_START, record(request("MedicationRequest/esk", ESKETAMINE, "active")),
                AS_OF).mode()).isEqualTo(Mode.PRE_DOSE);
        assertThat(policy.assess(HookService.ENCOUNTER_START, record(givenDaysAgo(30)), AS_OF).mode()).isEqualTo(Mode.PRE_DOSE);
        assertThat(policy.assess(HookService.ENCOUNTER_START, record(request("MedicationRequest/esk", ESKETAMINE, "stopped"),
                request("MedicationRequest/lzp", LORAZEPAM, "active")), AS_OF)).isNull();
    }

    @Test
    void assess_orderSign_candidacyWithTheToleranceRulesOfAPreDoseCheck() {
        Assessment a = policy.assess(HookService.ORDER_SIGN, record(request("MedicationRequest/esk", ESKETAMINE, "draft")), AS_OF);

        assertThat(a.mode()).isEqualTo(Mode.CANDIDACY);
        assertThat(a.findings()).extracting(f -> f.ruleSet()).contains(RuleSet.CANDIDACY, RuleSet.TOLERANCE_DEPENDENCE);
        assertThat(a.findings()).extracting(f -> f.ruleSet()).doesNotContain(RuleSet.MONITORING);
    }
}
