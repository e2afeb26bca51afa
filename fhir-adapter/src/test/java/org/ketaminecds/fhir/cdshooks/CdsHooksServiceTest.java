package org.ketaminecds.fhir.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.Disposition;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CdsHooksServiceTest {

    static final Instant AS_OF = Instant.parse("2026-03-01T08:50:00Z");
    static CdsEngine engine;
    static CdsHooksService service;

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        engine = CdsEngine.builder().build();
        service = CdsHooksService.builder(engine).clock(Clock.fixed(AS_OF, ZoneOffset.UTC)).build();
    }

    static String example(String name) throws IOException {
        return Files.readString(SharedData.repositoryRoot().resolve("samples/cli/examples").resolve(name));
    }

    // --- discovery -------------------------------------------------------------------------------------------

    @Test
    void discovery_fourServices_eachWithPatientPrefetch() throws Exception {
        JsonNode discovery = CardsConformance.JSON.readTree(CdsHooksJson.write(service.discovery()));

        assertThat(discovery.path("services")).hasSize(4);
        List<String> hooks = new ArrayList<>();
        for (JsonNode s : discovery.path("services")) {
            hooks.add(s.path("hook").asText());
            assertThat(s.path("id").asText()).startsWith("ketamine-cds-");
            assertThat(s.path("prefetch").path("patient").asText()).isEqualTo("Patient/{{context.patientId}}");
            assertThat(s.path("prefetch").path("observations").asText()).isEqualTo("Observation?patient={{context.patientId}}");
            CardsConformance.assertNoNullOrEmpty(s, "service");
        }
        assertThat(hooks).containsExactly("patient-view", "order-select", "order-sign", "encounter-start");
    }

    // --- the shared CDS Hooks examples -----------------------------------------------------------------------

    static Stream<String> exampleRequests() throws IOException {
        try (Stream<Path> files = Files.list(SharedData.dir("cds-hooks-examples"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("spec-request-") || n.contains("-context-")).sorted().toList().stream();
        }
    }

    /** A context-only example becomes a request for the hook its file names; a full request is sent as it is. */
    static String asRequest(String file) throws IOException {
        JsonNode json = CardsConformance.JSON.readTree(Files.readString(SharedData.dir("cds-hooks-examples").resolve(file)));
        if (json.has("hook")) {
            return json.toString();
        }
        String hook = file.contains("patient-view") ? "patient-view" : file.contains("order-select") ? "order-select" : "order-sign";
        ObjectNode request = ((ObjectNode) json.deepCopy()).put("hook", hook).put("hookInstance", "example-" + file);
        return request.toString();
    }

    @ParameterizedTest
    @MethodSource("exampleRequests")
    void call_sharedExample_validResponseOrTheSpecsError(String file) throws Exception {
        String request = asRequest(file);
        String hook = CardsConformance.JSON.readTree(request).path("hook").asText();
        // The examples point at public sandboxes: a stand-in fetcher answers for them, no network.
        List<String> fetched = new ArrayList<>();
        PrefetchFetcher standIn = (access, query) -> {
            fetched.add(query);
            return query.startsWith("Patient/")
                    ? new Patient().setBirthDate(java.sql.Date.valueOf("1980-01-01")).setId(query.substring(8))
                    : new Bundle().setType(Bundle.BundleType.SEARCHSET);
        };
        try {
            CdsHooksService.Result result = service.call("ketamine-cds-" + hook, request, standIn);
            CardsConformance.assertConformant(result.json());
            if (hook.startsWith("order-")) {
                // amoxicillin, dextromethorphan, diets: orders this package is not about get no cards and no fetches
                assertThat(result.response().cards()).isEmpty();
                assertThat(fetched).isEmpty();
            }
        } catch (CdsHooksException e) {
            assertThat(e.status()).isIn(400, 412);
            assertThat(e.operationOutcomeJson()).contains("\"resourceType\":\"OperationOutcome\"");
            if (e.status() == 412) {
                assertThat(CardsConformance.JSON.readTree(request).has("fhirAuthorization")).isFalse();
            }
        }
    }

    @Test
    void call_specPatientViewWithFhirServer_fetchesMissingPrefetchWithFilledTemplates() throws Exception {
        List<String> fetched = new ArrayList<>();
        PrefetchFetcher standIn = (access, query) -> {
            fetched.add(access.fhirServer() + " " + query);
            assertThat(access.accessToken()).isEqualTo("some-opaque-fhir-access-token");
            return query.startsWith("Patient/") ? new Patient().setId("1288992") : new Bundle().setType(Bundle.BundleType.SEARCHSET);
        };

        CdsHooksService.Result result = service.call("ketamine-cds-patient-view", asRequest("spec-request-patient-view.json"), standIn);

        assertThat(fetched).contains("http://hooks.smarthealthit.org:9080 Patient/1288992",
                "http://hooks.smarthealthit.org:9080 Condition?patient=1288992");
        assertThat(result.assessment().orElseThrow().mode()).isEqualTo(Mode.CANDIDACY);
        // No conditions at all: the diagnosis rule cannot assess, it does not pass silently.
        assertThat(result.response().cards()).anyMatch(c -> c.detail().contains("`KET-CAND-001`")
                && c.detail().contains("**Could not assess:**"));
    }

    // --- our own patients ------------------------------------------------------------------------------------

    @Test
    void call_orderSignAbsoluteContraindication_criticalCardWithRemoveDraftSuggestion() throws Exception {
        String request = CdsHooksRequests.fromBundle("ketamine-cds-order-sign", example("aneurysm.json"), "h-1", "ketamine-plan");

        CdsHooksService.Result result = service.call("ketamine-cds-order-sign", request, PrefetchFetcher.NONE);

        JsonNode response = CardsConformance.assertConformant(result.json());
        JsonNode first = response.path("cards").get(0);
        assertThat(first.path("indicator").asText()).isEqualTo("critical");
        assertThat(first.path("detail").asText()).contains("`KET-CONTRA-001`").contains("`Condition/aaa`")
                .contains("S1 §4").contains("absolute contraindication");
        assertThat(first.path("overrideReasons").get(0).path("code").asText()).isEqualTo("specialist-clearance");
        JsonNode remove = first.path("suggestions").get(0).path("actions").get(0);
        assertThat(remove.path("type").asText()).isEqualTo("delete");
        assertThat(remove.path("resourceId").asText()).isEqualTo("MedicationRequest/ketamine-plan");
        assertThat(result.assessment().orElseThrow().disposition().name()).isEqualTo("DO_NOT_PROCEED");
    }

    @Test
    void call_sameRequestTwice_sameBytes() throws Exception {
        String request = CdsHooksRequests.fromBundle("ketamine-cds-order-select", example("aneurysm.json"), "h-2", "ketamine-plan");

        String first = service.call("ketamine-cds-order-select", request, PrefetchFetcher.NONE).json();
        String second = service.call("ketamine-cds-order-select", request, PrefetchFetcher.NONE).json();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void call_encounterStartStaleVitals_bpCardProposesServiceRequest() throws Exception {
        String request = CdsHooksRequests.fromBundle("ketamine-cds-encounter-start", example("dosing-day-stale-vitals.json"),
                "h-3", null);

        CdsHooksService.Result result = service.call("ketamine-cds-encounter-start", request, PrefetchFetcher.NONE);

        JsonNode response = CardsConformance.assertConformant(result.json());
        assertThat(result.assessment().orElseThrow().mode()).isEqualTo(Mode.PRE_DOSE);
        JsonNode bp = null;
        for (JsonNode card : response.path("cards")) {
            if (card.path("detail").asText().contains("`KET-MON-001`")) {
                bp = card;
            }
        }
        assertThat(bp).isNotNull();
        assertThat(bp.path("indicator").asText()).isEqualTo("critical");
        JsonNode order = bp.path("suggestions").get(0).path("actions").get(0).path("resource");
        assertThat(order.path("resourceType").asText()).isEqualTo("ServiceRequest");
        assertThat(order.path("code").path("coding").get(0).path("code").asText()).isEqualTo("85354-9");
        assertThat(order.path("subject").path("reference").asText()).isEqualTo("Patient/dosing-day-stale-vitals");
        assertThat(order.path("occurrencePeriod").path("end").asText()).isEqualTo("2026-03-01T09:00:00Z");
    }

    @Test
    void call_nullPrefetchForConditions_diagnosisCannotBeAssessed() throws Exception {
        ObjectNode request = (ObjectNode) CardsConformance.JSON.readTree(
                CdsHooksRequests.fromBundle("ketamine-cds-patient-view", example("eligible-trd.json"), "h-5", null));
        ((ObjectNode) request.path("prefetch")).putNull("conditions");

        CdsHooksService.Result result = service.call("ketamine-cds-patient-view", request.toString(), PrefetchFetcher.NONE);

        assertThat(result.assessment().orElseThrow().findings())
                .anyMatch(f -> f.ruleId().equals("KET-CAND-001") && f.outcome().name().equals("CANNOT_ASSESS"));
    }

    @Test
    void call_dispenseWithItsIncludedDestination_takeHomeJudged_withoutIt_cannotAssess() throws Exception {
        ObjectNode bundle = scenarioBundle("KET-TOL-006-esketamine-sent-home-critical.yaml");
        // The session planned for today, so that encounter-start runs the pre-dose rules.
        ((ArrayNode) bundle.path("entry")).addObject().set("resource", CardsConformance.JSON.readTree("""
                {"resourceType": "MedicationRequest", "id": "plan", "status": "active", "intent": "order",
                 "subject": {"reference": "Patient/p1"}, "authoredOn": "2026-02-27T09:00:00Z",
                 "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                                                            "code": "2201625"}]}}"""));
        String withLocation = CdsHooksRequests.fromBundle("ketamine-cds-encounter-start", bundle.toString(), "h-6", null);

        assertThat(tol006(withLocation)).containsExactly("FIRED [Location/home, MedicationDispense/disp]");
        assertThat(tol006(without(withLocation, "medicationDispenses", "Location"))).singleElement().asString()
                .startsWith("CANNOT_ASSESS");
    }

    @Test
    void call_prescriberThroughAnIncludedRole_onePrescriber_withoutTheRole_two() throws Exception {
        String withRole = CdsHooksRequests.fromBundle("ketamine-cds-encounter-start",
                scenarioBundle("KET-TOL-006-ketamine-same-prescriber-through-a-role-near-miss.yaml").toString(), "h-7", null);

        assertThat(tol006(withRole)).isEmpty();
        assertThat(tol006(without(withRole, "medicationRequests", "PractitionerRole")))
                .containsExactly("FIRED [MedicationRequest/rx1, MedicationRequest/rx2]");
    }

    @Test
    void discovery_includesWhatKetTol006Resolves() {
        assertThat(service.discovery().services()).allSatisfy(s -> {
            assertThat(s.prefetch().get("medicationDispenses"))
                    .isEqualTo("MedicationDispense?patient={{context.patientId}}&_include=MedicationDispense:destination");
            assertThat(s.prefetch().get("medicationRequests")).isEqualTo(
                    "MedicationRequest?patient={{context.patientId}}&_include=MedicationRequest:requester:PractitionerRole");
        });
    }

    private static ObjectNode scenarioBundle(String file) throws IOException {
        return (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(SharedData.repositoryRoot()
                .resolve("rules/src/main/resources/org/ketaminecds/rules/scenarios/tolerance").resolve(file).toFile())
                .path("bundleInline");
    }

    /** The request with the resources of one type taken out of one prefetch key's searchset. */
    private static String without(String request, String key, String resourceType) throws IOException {
        ObjectNode json = (ObjectNode) CardsConformance.JSON.readTree(request);
        ArrayNode entries = (ArrayNode) json.path("prefetch").path(key).path("entry");
        assertThat(entries).anyMatch(e -> e.path("resource").path("resourceType").asText().equals(resourceType));
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).path("resource").path("resourceType").asText().equals(resourceType)) {
                entries.remove(i);
            }
        }
        return json.toString();
    }

    private static List<String> tol006(String request) throws CdsHooksException {
        return service.call("ketamine-cds-encounter-start", request, PrefetchFetcher.NONE).assessment().orElseThrow()
                .findings().stream().filter(f -> f.ruleId().equals("KET-TOL-006"))
                .map(f -> f.outcome() + " " + f.evidence()).toList();
    }

    /** An aneurysm (an absolute contraindication) of the given patient, as a prefetched Condition. */
    private static JsonNode aneurysmOf(String patientReference) throws IOException {
        return CardsConformance.JSON.readTree("""
                {"resourceType": "Condition", "id": "aaa-elsewhere", "subject": {"reference": "%s"},
                 "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                                "code": "active"}]},
                 "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "I71.4"}]}}"""
                .formatted(patientReference));
    }

    @Test
    void call_prefetchedResourceOfAnotherPatient_leftOutAndReported() throws Exception {
        ObjectNode request = (ObjectNode) CardsConformance.JSON.readTree(
                CdsHooksRequests.fromBundle("ketamine-cds-patient-view", example("eligible-trd.json"), "h-8", null));
        ((ArrayNode) request.path("prefetch").path("conditions").path("entry")).addObject()
                .set("resource", aneurysmOf("Patient/someone-else"));

        Assessment a = service.call("ketamine-cds-patient-view", request.toString(), PrefetchFetcher.NONE)
                .assessment().orElseThrow();

        assertThat(a.disposition()).isNotEqualTo(Disposition.DO_NOT_PROCEED);
        assertThat(a.findings()).noneMatch(f -> f.ruleId().equals("KET-CONTRA-001"));
        assertThat(a.findings()).anyMatch(f -> f.ruleId().equals("KET-MON-020")
                && f.evidence().contains("Condition/aaa-elsewhere") && f.summary().contains("Patient/someone-else"));
    }

    /** Found by fuzzing: the caller's text went into the message, which the server logs, with its line breaks. */
    @Test
    void call_hookOrServiceIdWithLineBreaks_refusedInOneLine() {
        String request = "{\"hook\": \"x\\nFAKE LOG LINE\", \"hookInstance\": \"h\", \"context\": {\"patientId\": \"p1\"}}";

        assertThatThrownBy(() -> service.call("ketamine-cds-patient-view", request, PrefetchFetcher.NONE))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("FAKE LOG LINE").doesNotContain("\n");
                });
        assertThatThrownBy(() -> service.call("no\r\nsuch", request, PrefetchFetcher.NONE))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).doesNotContain("\n", "\r");
                });
    }

    @Test
    void call_draftOrderOfAnotherPatient_400NamesIt() throws Exception {
        String request = CdsHooksRequests.fromBundle("ketamine-cds-order-sign", example("aneurysm.json"), "h-11", "ketamine-plan");
        ObjectNode json = (ObjectNode) CardsConformance.JSON.readTree(request);
        ObjectNode draft = (ObjectNode) json.path("context").path("draftOrders").path("entry").get(0).path("resource");
        draft.putObject("subject").put("reference", "Patient/someone-else");

        assertThatThrownBy(() -> service.call("ketamine-cds-order-sign", json.toString(), PrefetchFetcher.NONE))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("context.draftOrders: MedicationRequest/ketamine-plan cannot be"
                            + " used: subject is Patient/someone-else, not this record's patient (Patient/aneurysm)");
                });
    }

    @Test
    void call_badInput_clearErrors() {
        assertThatThrownBy(() -> service.call("nope", "{}", PrefetchFetcher.NONE))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> service.call("ketamine-cds-patient-view", "{not json", PrefetchFetcher.NONE))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("the request is not valid JSON (line 1");
                });
        assertThatThrownBy(() -> service.call("ketamine-cds-order-sign",
                "{\"hook\":\"patient-view\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\"1\"}}", PrefetchFetcher.NONE))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> assertThat(e.getMessage()).contains("answers 'order-sign'"));
        assertThatThrownBy(() -> service.call("ketamine-cds-order-sign",
                "{\"hook\":\"order-sign\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\"1\"}}", PrefetchFetcher.NONE))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> assertThat(e.getMessage()).contains("draftOrders"));
    }

    @Test
    void cards_assessmentOutsideAHook_sameCardShape() throws Exception {
        String request = CdsHooksRequests.fromBundle("ketamine-cds-patient-view", example("aneurysm.json"), "h-7", null);
        var assessment = service.call("ketamine-cds-patient-view", request, PrefetchFetcher.NONE).assessment().orElseThrow();

        CardsConformance.assertConformant(CdsHooksJson.write(service.cards(assessment)));
    }

    // --- feedback --------------------------------------------------------------------------------------------

    @Test
    void feedback_specExamples_storedAsJsonLinesAndKeptAcrossRestart() throws Exception {
        Path file = dir.resolve("feedback.jsonl");
        String accepted = Files.readString(SharedData.dir("cds-hooks-examples").resolve("spec-feedback-accepted.json"));
        String overridden = Files.readString(SharedData.dir("cds-hooks-examples").resolve("spec-feedback-overridden-reason.json"));
        try (FileFeedbackSink sink = FeedbackSink.appendingTo(file)) {
            CdsHooksService withSink = CdsHooksService.builder(engine).clock(Clock.fixed(AS_OF, ZoneOffset.UTC)).feedbackSink(sink).build();
            assertThat(withSink.feedback("ketamine-cds-order-sign", accepted)).isEqualTo(1);
        }
        try (FileFeedbackSink reopened = FeedbackSink.appendingTo(file)) { // a restart
            CdsHooksService withSink = CdsHooksService.builder(engine).feedbackSink(reopened).build();
            withSink.feedback("ketamine-cds-order-sign", overridden);
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        JsonNode first = CardsConformance.JSON.readTree(lines.get(0));
        assertThat(first.path("outcome").asText()).isEqualTo("accepted");
        assertThat(first.path("acceptedSuggestions").get(0).asText()).isEqualTo("e56e1945-20b3-4393-8503-a1a20fd73152");
        assertThat(first.path("receivedAt").asText()).isEqualTo(AS_OF.toString());
        JsonNode second = CardsConformance.JSON.readTree(lines.get(1));
        assertThat(second.path("overrideReason").path("code").asText()).isEqualTo("d7ecf885");
        assertThat(second.path("userComment").asText()).isEqualTo("A comment entered by the clinician.");
    }

    @Test
    void feedback_unknownServiceOrAHostWithoutASink_404() {
        assertThatThrownBy(() -> service.feedback("nope", "{}"))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> assertThat(e.getMessage()).isEqualTo("no CDS service 'nope'"));
        assertThatThrownBy(() -> service.feedback("ketamine-cds-order-sign", "{}"))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).isEqualTo("this host takes no feedback");
                });
    }

    @Test
    void call_recordWithUnrecognisedMedications_oneInfoCardListingThemAll_besideTheRuleCards() throws Exception {
        String request = CdsHooksRequests.fromBundle("ketamine-cds-patient-view", example("unrecognised-medications.json"),
                "h-9", null);

        CdsHooksService.Result result = service.call("ketamine-cds-patient-view", request, PrefetchFetcher.NONE);

        CardsConformance.assertConformant(result.json());
        List<CdsHooksJson.Card> listing = result.response().cards().stream()
                .filter(c -> c.summary().contains("not recognise")).toList();
        assertThat(listing).singleElement().satisfies(c -> {
            assertThat(c.indicator()).isEqualTo("info");
            assertThat(c.summary()).startsWith("3 medications on record have codes the package does not recognise");
            assertThat(c.source().topic().code()).isEqualTo("KET-MON-020");
            assertThat(c.detail()).contains("- MedicationStatement/alprazolam-formulary 'ALPRAZOLAM 0.5MG TAB' "
                            + "[urn:oid:2.16.840.1.113883.3.1234.1|ALP05]: no RxNorm or NDC code; looks like alprazolam")
                    .contains("- MedicationRequest/lorazepam-unmapped 'lorazepam 1 MG Oral Tablet' "
                            + "[http://www.nlm.nih.gov/research/umls/rxnorm|197901]: the package does not map this code")
                    .contains("- MedicationStatement/rinse 'CHLORHEXIDINE 0.12% ORAL RINSE'");
        });
        // The CNS-depressant card is the recognised opioid's; the two benzodiazepine names do not make it critical.
        assertThat(result.assessment().orElseThrow().findings()).filteredOn(f -> f.ruleId().equals("KET-CONTRA-018"))
                .singleElement().satisfies(f -> {
                    assertThat(f.outcome().name() + " " + f.severity()).isEqualTo("FIRED WARNING");
                    assertThat(f.evidence()).containsExactly("MedicationRequest/oxycodone");
                });
    }

}
