package org.ketaminecds.fhir.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.fhir.SharedData;

/**
 * A CDS Hooks call (and a feedback post) under any request body: {@link CdsHooksService#call} parses it ({@link HookRequest}), reads the
 * prefetch as a record, evaluates and writes the response, or refuses with {@link CdsHooksException} and a 4xx
 * status (the host sends that as an OperationOutcome). Any other exception would be a 500 caused by the caller's
 * input: a finding, like an OutOfMemoryError or StackOverflowError.
 *
 * <p>Without {@code JAZZER_FUZZ=1} the fuzz test runs only its seeds ({@code HookRequestFuzzTestInputs/}) and
 * {@link #call_sharedData} runs the same target over the shared CDS Hooks examples and requests made from the shared
 * eCQM Bundles. The longer campaign: docs/security.md, "Fuzzing".
 */
class HookRequestFuzzTest {

    /** Built once per JVM: the fuzzer calls the target millions of times on one test instance. */
    private static final class Service {
        static final CdsHooksService SERVICE = CdsHooksService.builder(CdsEngine.builder().build())
                .clock(Clock.fixed(CdsHooksServiceTest.AS_OF, ZoneOffset.UTC)).maxResources(500)
                .feedbackSink(feedback -> { }).build();
    }

    /** Answers searches with nothing and refuses reads, without a network: both paths of missing prefetch. */
    private static final PrefetchFetcher STAND_IN = (access, query) -> {
        if (query.contains("?")) {
            return new Bundle().setType(Bundle.BundleType.SEARCHSET);
        }
        throw new PrefetchFetcher.FetchException("the stand-in server has no " + query.split("/")[0]);
    };

    @FuzzTest(maxDuration = "5m")
    void call(byte[] input) {
        check(new String(input, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("sharedRequests")
    void call_sharedData(String name, String request) {
        check(request);
    }

    /** The spec's and the hook library's examples, and the eCQM test Bundles as patient-view or encounter-start calls. */
    static Stream<Arguments> sharedRequests() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String file : CdsHooksServiceTest.exampleRequests().toList()) {
            out.add(Arguments.of(file, CdsHooksServiceTest.asRequest(file)));
        }
        List<Path> bundles;
        try (Stream<Path> files = Files.walk(SharedData.dir("external-fhir/ecqm-content-qicore-2025"))) {
            bundles = files.filter(p -> p.getFileName().toString().endsWith("-bundle.json")).sorted().toList();
        }
        for (int i = 0; i < bundles.size(); i++) {
            // patient-view and encounter-start in turn: both services' paths, at half the cost
            String service = i % 2 == 0 ? "ketamine-cds-patient-view" : "ketamine-cds-encounter-start";
            try {
                String request = CdsHooksRequests.fromBundle(service, Files.readString(bundles.get(i)), "fuzz-seed", null);
                out.add(Arguments.of(bundles.get(i).getFileName() + " " + service, request));
            } catch (IllegalArgumentException noPatient) {
                // a test Bundle without a Patient makes no request
            }
        }
        return out.stream();
    }

    /** Feedback bodies: stored (at least one item), or a 4xx refusal. */
    @FuzzTest(maxDuration = "5m")
    void feedback(byte[] input) {
        try {
            assertThat(Service.SERVICE.feedback("ketamine-cds-order-sign", new String(input, StandardCharsets.UTF_8)))
                    .isPositive();
        } catch (CdsHooksException e) {
            assertRefusal(e);
        }
    }

    @ParameterizedTest
    @MethodSource("sharedFeedback")
    void feedback_sharedData(Path file) throws IOException {
        feedback(Files.readAllBytes(file));
    }

    static Stream<Path> sharedFeedback() throws IOException {
        try (Stream<Path> files = Files.list(SharedData.dir("cds-hooks-examples"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("spec-feedback-")).sorted().toList().stream();
        }
    }

    /**
     * The property: a response, or a 4xx refusal with a one-line message. The service comes from the body's
     * {@code hook} (the one it names, when there is one), so the fuzzer reaches all four.
     */
    static void check(String body) {
        String serviceId = "ketamine-cds-patient-view";
        for (HookService s : HookService.values()) {
            if (body.contains("\"" + s.hook + "\"")) {
                serviceId = s.id;
            }
        }
        try {
            String json = Service.SERVICE.call(serviceId, body, STAND_IN).json();
            assertThat(json).startsWith("{");
        } catch (CdsHooksException e) {
            assertRefusal(e);
        }
    }

    /** What the host sends back: a 4xx OperationOutcome with a one-line message. */
    private static void assertRefusal(CdsHooksException e) {
        assertThat(e.status()).as(e.getMessage()).isBetween(400, 499);
        assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
        assertThat(e.operationOutcomeJson()).contains("OperationOutcome");
    }
}
