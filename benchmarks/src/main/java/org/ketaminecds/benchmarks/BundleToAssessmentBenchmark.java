package org.ketaminecds.benchmarks;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.ketaminecds.core.AssessmentJson;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.UnusableRecordException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * FHIR Bundle JSON (50 resources) to assessment JSON, end to end, beside its parts: the reader alone (JSON to
 * record, issue 17's lean reader), Jackson's tree alone and Jackson's tokens alone (what a streaming reader would at
 * least pay: the tree-or-streaming choice), and HAPI's parse of the same input, which the reader used before issue 17.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// A long warm-up: at ~1,000 calls/s, 6 s left the rules' lambdas interpreted (evaluate alone: 273 us after 9,000 calls,
// 109 us after 45,000), which is a cold-start number, not the warm one the budget is about.
@Warmup(iterations = 15, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class BundleToAssessmentBenchmark {

    private String bundleJson;
    private FhirContext fhir;
    private FhirRecordReader reader;
    private CdsEngine engine;
    private ObjectMapper json;
    private EvaluationContext context;

    @Setup
    public void setUp() {
        bundleJson = TypicalRecords.syntheaBundleOf50();
        fhir = FhirContext.forR4Cached();
        reader = FhirRecordReader.create();
        engine = CdsEngine.builder().build();
        json = new ObjectMapper();
        context = EvaluationContext.of(Mode.CANDIDACY, TypicalRecords.AS_OF);
    }

    @Benchmark
    public String bundleJsonToAssessmentJson() throws UnusableRecordException {
        return AssessmentJson.toCompactJson(engine.evaluate(reader.read(bundleJson, "bench.json"), context));
    }

    @Benchmark
    public PatientRecord leanReadOnly() throws UnusableRecordException {
        return reader.read(bundleJson, "bench.json");
    }

    @Benchmark
    public JsonNode jacksonTreeOnly() throws IOException {
        return json.readTree(bundleJson);
    }

    @Benchmark
    public int jacksonTokensOnly() throws IOException {
        int tokens = 0;
        try (JsonParser parser = json.getFactory().createParser(bundleJson)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.VALUE_STRING) {
                    parser.getText(); // a reader would read each value's text
                }
                tokens++;
            }
        }
        return tokens;
    }

    @Benchmark
    public Bundle hapiParseOnly() {
        return fhir.newJsonParser().parseResource(Bundle.class, bundleJson);
    }
}
