package org.ketaminecds.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.AssessmentJson;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.PlannedTreatment;
import org.ketaminecds.core.record.PatientRecord;

/**
 * The safety net of a refactoring of the knowledge package: every scenario patient, evaluated in every mode at the
 * scenario's time, product and thresholds, must give byte for byte the JSON recorded before the change
 * ({@code equivalence/assessments.jsonl.gz}, one line per scenario and mode). Only the package hash is masked: it
 * changes with any edit of a rule file. When a change is meant to alter an answer, re-record with
 * {@code ./mvnw -B -pl fhir-adapter test -Dtest=AssessmentEquivalenceTest -Dequivalence.record=true} and let the
 * review read the diff of the answers it changed.
 */
class AssessmentEquivalenceTest {

    private static final String RECORDING = "equivalence/assessments.jsonl.gz";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyScenarioPatientInEveryMode_givesTheRecordedJson() throws Exception {
        Map<String, String> now = evaluateAll();
        if (Boolean.getBoolean("equivalence.record")) {
            record(now);
        }
        Map<String, String> recorded = recorded();

        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> e : recorded.entrySet()) {
            String actual = now.get(e.getKey());
            if (actual == null) {
                differences.add(e.getKey() + ": no longer evaluated (scenario removed or renamed?)");
            } else if (!actual.equals(e.getValue())) {
                differences.add(e.getKey() + ":\n  recorded " + e.getValue() + "\n  now      " + actual);
            }
        }
        now.keySet().stream().filter(k -> !recorded.containsKey(k))
                .forEach(k -> differences.add(k + ": not in the recording (a new scenario: re-record)"));

        assertThat(recorded).as("the recording holds every scenario in every mode").hasSizeGreaterThan(2000);
        assertThat(differences).as("answers that changed").isEmpty();
    }

    @Test
    void masking_hidesOnlyThePackageHash() throws Exception {
        String json = "{\"knowledge\":{\"id\":\"k\",\"sha256\":\"abc\"},\"findings\":[{\"ruleId\":\"KET-MON-001\"}]}";

        assertThat(masked(json)).isEqualTo("{\"knowledge\":{\"id\":\"k\",\"sha256\":\"*\"},\"findings\":[{\"ruleId\":\"KET-MON-001\"}]}");
    }

    /** Key "file.yaml MODE" to compact, masked assessment JSON. */
    private static Map<String, String> evaluateAll() throws Exception {
        KnowledgePackage pkg = KnowledgePackage.fromClasspath();
        FhirRecordReader reader = FhirRecordReader.create();
        Map<Map<String, Double>, CdsEngine> engines = new ConcurrentHashMap<>();
        Map<String, String> out = new TreeMap<>();
        for (Scenario s : KnowledgePackageScenariosTest.all()) {
            PatientRecord record;
            try {
                record = reader.read(s.bundleJson(), s.file());
            } catch (UnusableRecordException e) {
                out.put(s.file() + " UNUSABLE", e.getMessage());
                continue;
            }
            CdsEngine engine = engines.computeIfAbsent(s.thresholds(),
                    t -> CdsEngine.builder().knowledgePackage(pkg).thresholds(t).initialSessions(1).build());
            for (Mode mode : Mode.values()) {
                var context = new EvaluationContext(mode, s.asOf(), PlannedTreatment.of(s.product(), s.route()));
                out.put(s.file() + " " + mode, masked(AssessmentJson.toCompactJson(engine.evaluate(record, context))));
            }
        }
        return out;
    }

    private static String masked(String json) throws IOException {
        ObjectNode tree = (ObjectNode) JSON.readTree(json);
        ((ObjectNode) tree.get("knowledge")).put("sha256", "*");
        return JSON.writeValueAsString(tree);
    }

    private static Map<String, String> recorded() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = AssessmentEquivalenceTest.class.getClassLoader().getResourceAsStream(RECORDING)) {
            assertThat(in).as(RECORDING + " on the test classpath").isNotNull();
            BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), UTF_8));
            for (String key; (key = lines.readLine()) != null; ) {
                out.put(key, lines.readLine());
            }
        }
        return out;
    }

    /** Written to the source tree, so the recording is committed with the change that made it. */
    private static void record(Map<String, String> answers) throws IOException {
        Path file = Path.of("src/test/resources", RECORDING);
        Files.createDirectories(file.getParent());
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file));
             Writer w = new java.io.OutputStreamWriter(gz, UTF_8)) {
            for (Map.Entry<String, String> e : answers.entrySet()) {
                w.write(e.getKey() + "\n" + e.getValue() + "\n");
            }
        }
        // The classpath copy was made before the test ran: refresh it so this run compares with what it wrote.
        Path onClasspath = Path.of("target/test-classes", RECORDING);
        Files.createDirectories(onClasspath.getParent());
        Files.copy(file, onClasspath, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
