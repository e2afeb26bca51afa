package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.AssessmentJson;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.PlannedTreatment;
import org.ketaminecds.core.record.PatientRecord;

/**
 * Issue 17's proof: the lean reader ({@link FhirRecordReader}, Jackson straight into the record) gives byte for byte
 * the assessments of the HAPI path it replaced ({@link HapiRecordReader}, frozen in the tests), in every mode, for
 * every record the project has: the shared external bundles (Synthea, SMART, eCQM), every US Core example with its
 * patient, the CDS Hooks examples' prefetch, every scenario patient and base patient, and the CLI's examples. Where
 * a record is unusable, both refuse it with the same message.
 */
class LeanReaderEquivalenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AS_OF = Instant.parse("2026-03-01T08:50:00Z");
    private static final FhirRecordReader LEAN = FhirRecordReader.create();
    private static final HapiRecordReader HAPI = HapiRecordReader.create();
    private static final KnowledgePackage PACKAGE = KnowledgePackage.fromClasspath();
    private static final Map<Map<String, Double>, CdsEngine> ENGINES = new ConcurrentHashMap<>();

    private final List<String> differences = new ArrayList<>();
    private int compared;

    @Test
    void sharedExternalBundles_sameAssessmentsInEveryMode() throws Exception {
        for (String folder : List.of("external-fhir/synthea-3.3.0-generated",
                "external-fhir/smart-on-fhir-generated-sample-data-r4", "external-fhir/ecqm-content-qicore-2025")) {
            for (Path file : jsonFiles(SharedData.dir(folder))) {
                String json = Files.readString(file);
                if ("Bundle".equals(JSON.readTree(json).path("resourceType").asText())) {
                    compare(file.toString(), json, null);
                }
            }
        }
        assertSame(300);
    }

    @Test
    void usCoreExamples_eachWithItsPatientAndWithTheExamplePatient_sameAssessments() throws Exception {
        Map<String, String> patientFiles = UsCoreExamplesMappingTest.patientFiles();
        for (String file : UsCoreExamplesMappingTest.nonPatientExamples()) {
            String patient = UsCoreExamplesMappingTest.patientOf(file);
            compare(file, UsCoreExamplesMappingTest.bundleOf(
                    patientFiles.getOrDefault(patient, "patient-example.json"), file), null);
            compare(file + " with patient-example", UsCoreExamplesMappingTest.bundleWithPatient(file), null);
        }
        assertSame(300);
    }

    /**
     * The requests' draft orders and prefetch as the CDS Hooks service reads them: one collection Bundle, the drafts
     * first, read from its Jackson tree.
     */
    @Test
    void cdsHooksExamplesPrefetch_sameAssessments() throws Exception {
        for (Path file : jsonFiles(SharedData.dir("cds-hooks-examples"))) {
            JsonNode request = JSON.readTree(file.toFile());
            if (!request.has("context")) {
                continue; // a response or a discovery document
            }
            ArrayNode entries = JSON.createArrayNode();
            boolean hasPatient = false;
            List<JsonNode> values = new ArrayList<>();
            values.add(request.path("context").path("draftOrders"));
            request.path("prefetch").forEach(values::add);
            for (JsonNode value : values) {
                List<JsonNode> resources = new ArrayList<>();
                if ("Bundle".equals(value.path("resourceType").asText())) {
                    value.path("entry").forEach(e -> resources.add(e.path("resource")));
                } else if (value.isObject()) {
                    resources.add(value);
                }
                for (JsonNode resource : resources) {
                    hasPatient |= "Patient".equals(resource.path("resourceType").asText());
                    entries.addObject().set("resource", resource);
                }
            }
            if (!hasPatient) {
                entries.insertObject(0).putObject("resource").put("resourceType", "Patient")
                        .put("id", request.path("context").path("patientId").asText());
            }
            ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "collection");
            bundle.set("entry", entries);
            compare(file.getFileName().toString(), bundle.toString(), null);
        }
        assertSame(9);
    }

    @Test
    void scenarioPatientsAndBasePatients_sameAssessmentsAtTheirTimeProductAndThresholds() throws Exception {
        for (Scenario s : KnowledgePackageScenariosTest.all()) {
            compare(s.file(), s.bundleJson(), s);
        }
        YAMLMapper yaml = new YAMLMapper();
        for (Map.Entry<String, byte[]> file : PACKAGE.scenarioFiles().entrySet()) {
            if (ScenarioBases.isBase(file.getKey()) && file.getKey().endsWith(".yaml")) {
                compare(file.getKey(), JSON.writeValueAsString(yaml.readTree(file.getValue())), null);
            }
        }
        assertSame(500);
    }

    @Test
    void cliExamples_sameAssessments() throws Exception {
        for (Path file : jsonFiles(SharedData.repositoryRoot().resolve("samples/cli/examples"))) {
            compare(file.getFileName().toString(), Files.readString(file), null);
        }
        assertSame(4);
    }

    private static List<Path> jsonFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Both readers, every mode: the same assessment JSON, or the same refusal. */
    private void compare(String name, String json, Scenario scenario) {
        compared++;
        String lean = answers(() -> LEAN.read(JSON.readTree(json), name), scenario);
        String hapi = answers(() -> HAPI.read(json, name), scenario);
        if (!lean.equals(hapi)) {
            differences.add(name + "\n  HAPI " + hapi + "\n  lean " + lean);
        }
    }

    interface Read {
        PatientRecord read() throws Exception;
    }

    static String answers(Read read, Scenario scenario) {
        PatientRecord record;
        try {
            record = read.read();
        } catch (UnusableRecordException e) {
            return "UNUSABLE " + e.getMessage();
        } catch (Exception e) {
            return "THROWS " + e;
        }
        CdsEngine engine = ENGINES.computeIfAbsent(scenario == null ? Map.of() : scenario.thresholds(),
                t -> CdsEngine.builder().knowledgePackage(PACKAGE).thresholds(t).initialSessions(1).build());
        StringBuilder out = new StringBuilder();
        for (Mode mode : Mode.values()) {
            EvaluationContext context = scenario == null ? EvaluationContext.of(mode, AS_OF)
                    : new EvaluationContext(mode, scenario.asOf(), PlannedTreatment.of(scenario.product(), scenario.route()));
            out.append(mode).append(' ').append(AssessmentJson.toCompactJson(engine.evaluate(record, context))).append('\n');
        }
        return out.toString();
    }

    private void assertSame(int atLeast) {
        assertThat(compared).as("records compared").isGreaterThanOrEqualTo(atLeast);
        assertThat(differences).as("records whose answers differ between the HAPI path and the lean reader")
                .hasSize(0);
    }
}
