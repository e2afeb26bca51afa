package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssessmentJsonTest {

    private static final Instant AS_OF = Instant.parse("2026-03-01T09:00:00Z");

    private static Assessment assessment(Product product) {
        Finding contra = new Finding("KET-CONTRA-001", RuleSet.CONTRAINDICATIONS, Outcome.FIRED, Severity.CRITICAL,
                ContraindicationType.ABSOLUTE, null, "Aneurysm.", "Detail.", null, List.of("Condition/c1"),
                Map.of("BP_TIER_A_SYSTOLIC", 140L, "SPO2_WARN", 92.5), List.of("S1 §4"), List.of());
        Finding gap = new Finding("KET-MON-001", RuleSet.MONITORING, Outcome.CANNOT_ASSESS, Severity.CRITICAL, null,
                Product.ESKETAMINE, "Measure BP.", "Detail.", "no BP", List.of(), Map.of(), List.of("S2a"), List.of("measure-bp"));
        return new Assessment("Patient/123", AS_OF, Mode.CANDIDACY, product, new KnowledgeInfo("ketamine-cds-rules", "1.0.0", "ab", KnowledgeInfo.Source.BUILT_IN, null),
                Disposition.DO_NOT_PROCEED, List.of(contra, gap),
                List.of(new MonitoringItem("BP", "http://loinc.org|85354-9", AS_OF, AS_OF.plusSeconds(600), "KET-MON-006")),
                List.of(new DataGap("KET-MON-001", "pre-dose BP", "no BP")));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void toJson_assessment_hasTheFieldsOfDesignInOrder() throws Exception {
        JsonNode json = new ObjectMapper().readTree(AssessmentJson.toJson(assessment(Product.ESKETAMINE)));

        assertThat(fieldNames(json)).containsExactly("patient", "asOf", "mode", "product", "knowledge", "disposition",
                "disclaimer", "findings", "monitoringPlan", "dataGaps");
        assertThat(json.path("asOf").asText()).isEqualTo("2026-03-01T09:00:00Z");
        assertThat(json.path("disclaimer").asText()).startsWith("Decision support for clinicians");
        JsonNode contra = json.path("findings").get(0);
        assertThat(fieldNames(contra)).containsExactly("ruleId", "ruleSet", "outcome", "severity", "contraindication",
                "summary", "detail", "reason", "evidence", "thresholds", "sources", "suggestions");
        assertThat(contra.path("reason").isNull()).isTrue();
        assertThat(contra.path("thresholds").path("BP_TIER_A_SYSTOLIC").isIntegralNumber()).isTrue();
        assertThat(contra.path("thresholds").path("SPO2_WARN").asDouble()).isEqualTo(92.5);
        JsonNode gap = json.path("findings").get(1);
        assertThat(gap.has("contraindication")).isFalse();
        assertThat(gap.path("product").asText()).isEqualTo("ESKETAMINE");
        assertThat(gap.path("reason").asText()).isEqualTo("no BP");
        assertThat(json.path("monitoringPlan").get(0).path("due").path("end").asText()).isEqualTo("2026-03-01T09:10:00Z");
        assertThat(json.path("dataGaps").get(0).path("input").asText()).isEqualTo("pre-dose BP");
    }

    @Test
    void toJson_signedRuleFolder_knowledgeNamesHashSourceAndSigner() throws Exception {
        Assessment a = assessment(null);
        Assessment signed = new Assessment(a.patient(), a.asOf(), a.mode(), a.product(), new KnowledgeInfo(
                "ketamine-cds-rules", "1.0.1", "cd", KnowledgeInfo.Source.SIGNED_FOLDER, "key-1"), a.disposition(),
                a.findings(), a.monitoringPlan(), a.dataGaps());

        JsonNode built = new ObjectMapper().readTree(AssessmentJson.toJson(a)).path("knowledge");
        JsonNode folder = new ObjectMapper().readTree(AssessmentJson.toJson(signed)).path("knowledge");

        assertThat(fieldNames(built)).containsExactly("id", "version", "sha256", "source");
        assertThat(built.path("source").asText()).isEqualTo("BUILT_IN");
        assertThat(fieldNames(folder)).containsExactly("id", "version", "sha256", "source", "signedBy");
        assertThat(folder.path("sha256").asText()).isEqualTo("cd");
        assertThat(folder.path("source").asText()).isEqualTo("SIGNED_FOLDER");
        assertThat(folder.path("signedBy").asText()).isEqualTo("key-1");
    }

    @Test
    void toJson_unknownProduct_productAbsent() throws Exception {
        JsonNode json = new ObjectMapper().readTree(AssessmentJson.toJson(assessment(null)));

        assertThat(json.has("product")).isFalse();
    }

    @Test
    void toJson_severalAssessments_arrayInInputOrder_andCompactIsOneLine() throws Exception {
        String array = AssessmentJson.toJson(List.of(assessment(null), assessment(Product.KETAMINE)), true);

        JsonNode json = new ObjectMapper().readTree(array);
        assertThat(json.isArray()).isTrue();
        assertThat(json.get(1).path("product").asText()).isEqualTo("KETAMINE");
        assertThat(AssessmentJson.toCompactJson(assessment(null))).doesNotContain("\n");
        assertThat(AssessmentJson.toJson(assessment(null))).isEqualTo(AssessmentJson.toJson(assessment(null)));
    }
}
