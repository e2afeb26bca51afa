package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminecds.core.AssessmentJson;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.record.PatientRecord;

/**
 * The evaluate path under any input: {@link FhirRecordReader} either gives a record or refuses the text with
 * {@link UnusableRecordException} (one line naming the source); the engine evaluates every record the reader gives
 * without throwing, and the assessment writes as JSON. Anything else, and an OutOfMemoryError or StackOverflowError,
 * is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ=1} the fuzz test runs only its seeds ({@code RecordReaderFuzzTestInputs/}) and
 * {@link #readAndEvaluate_sharedData} runs the same target over the shared data: seconds in {@code verify}. The longer
 * campaign and what to do with a finding: docs/security.md, "Fuzzing".
 */
class RecordReaderFuzzTest {

    private static final FhirRecordReader READER = FhirRecordReader.create();
    private static final Instant AS_OF = Instant.parse("2026-03-01T08:50:00Z");
    private static final String SOURCE = "fuzz-input.json";

    /** Built once per JVM: the fuzzer calls the target millions of times on one test instance. */
    private static final class Engine {
        static final CdsEngine ENGINE = CdsEngine.builder().build();
    }

    @FuzzTest(maxDuration = "5m")
    void readAndEvaluate(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        // One mode per input, picked by the input: each mode's rules are reached, at a quarter of the cost.
        check(text, Mode.values()[text.length() % Mode.values().length]);
    }

    /** The shared data as seeds: files outside the classpath, so a plain parameterized test runs them. */
    @ParameterizedTest
    @MethodSource("sharedRecords")
    void readAndEvaluate_sharedData(Path file) throws IOException {
        readAndEvaluate(Files.readAllBytes(file));
    }

    /** The US Core examples (single resources and a few Bundles) and the eCQM test Bundles: small and varied. */
    static Stream<Path> sharedRecords() throws IOException {
        try (Stream<Path> usCore = Files.list(SharedData.dir("us-core-examples"));
             Stream<Path> ecqm = Files.walk(SharedData.dir("external-fhir/ecqm-content-qicore-2025"))) {
            return Stream.concat(usCore.filter(p -> p.toString().endsWith(".json")).sorted(),
                    ecqm.filter(p -> p.getFileName().toString().endsWith("-bundle.json")).sorted()).toList().stream();
        }
    }

    /** The property: a record, or the documented refusal; evaluation and its JSON never fail on a record. */
    static void check(String text, Mode mode) {
        PatientRecord record;
        try {
            record = READER.read(text, SOURCE);
        } catch (UnusableRecordException e) {
            assertThat(e.getMessage()).startsWith(SOURCE + ": ").doesNotContain("\n", "\r");
            assertThat(e.problem()).isNotBlank();
            return;
        }
        Assessment assessment = Engine.ENGINE.evaluate(record, EvaluationContext.of(mode, AS_OF));
        assertThat(AssessmentJson.toJson(assessment)).startsWith("{");
    }
}
