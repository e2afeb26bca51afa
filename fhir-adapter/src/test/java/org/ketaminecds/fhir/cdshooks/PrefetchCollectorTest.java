package org.ketaminecds.fhir.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.record.PatientRecord;

class PrefetchCollectorTest {

    private final PrefetchCollector collector = new PrefetchCollector(CdsHooksService.DEFAULT_MAX_RESOURCES);

    /** A patient-view request for the eligible-trd example, every prefetch key sent. */
    private static ObjectNode patientView() throws Exception {
        return (ObjectNode) CardsConformance.JSON.readTree(CdsHooksRequests.fromBundle("ketamine-cds-patient-view",
                CdsHooksServiceTest.example("eligible-trd.json"), "h-1", null));
    }

    private static HookRequest parse(JsonNode request) throws CdsHooksException {
        return HookRequest.parse(request.toString(), HookService.PATIENT_VIEW);
    }

    private List<JsonNode> collect(PrefetchCollector c, JsonNode request, PrefetchFetcher fetcher) throws CdsHooksException {
        return c.collect(HookService.PATIENT_VIEW, parse(request), fetcher, 0);
    }

    @Test
    void collect_everyKeySent_theirResources_aNullKeyGivesNone_nothingFetched() throws Exception {
        ObjectNode request = patientView();
        ((ObjectNode) request.path("prefetch")).putNull("conditions");
        int sent = 0;
        for (JsonNode value : request.path("prefetch")) {
            sent += value.isNull() ? 0 : value.has("entry") ? value.path("entry").size() : 1;
        }

        List<JsonNode> resources = collect(collector, request, (access, query) -> {
            throw new AssertionError("nothing is missing: " + query);
        });

        assertThat(resources).hasSize(sent);
        assertThat(resources).noneMatch(r -> r.path("resourceType").asText().equals("Condition"));
    }

    @Test
    void collect_contextOnlyWithoutPrefetchOrServer_412NamesMissingKeys() throws Exception {
        String request = CdsHooksServiceTest.asRequest("library-patient-view-context-1.json");

        assertThatThrownBy(() -> collect(collector, CardsConformance.JSON.readTree(request), PrefetchFetcher.NONE))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> {
                    assertThat(e.status()).isEqualTo(412);
                    assertThat(e.getMessage()).contains("patient, conditions").contains("fhirServer");
                });
    }

    @Test
    void collect_keyMissingOrAFailedPrefetch_fetchedWithTheFilledTemplate_searchsetWarningsLeftOut() throws Exception {
        ObjectNode request = patientView();
        ObjectNode prefetch = (ObjectNode) request.path("prefetch");
        prefetch.remove("patient");
        prefetch.putObject("flags").put("resourceType", "OperationOutcome");
        request.put("fhirServer", "https://ehr.example/fhir").putObject("fhirAuthorization").put("access_token", "t");
        List<String> fetched = new ArrayList<>();
        PrefetchFetcher standIn = (access, query) -> {
            fetched.add(access.fhirServer() + " " + query);
            if (query.startsWith("Patient/")) {
                return new Patient().setId("eligible-trd");
            }
            Bundle searchset = new Bundle().setType(Bundle.BundleType.SEARCHSET);
            searchset.addEntry().setResource(new OperationOutcome());
            return searchset;
        };

        List<JsonNode> resources = collect(collector, request, standIn);

        assertThat(fetched).containsExactly("https://ehr.example/fhir Patient/eligible-trd",
                "https://ehr.example/fhir Flag?patient=eligible-trd");
        assertThat(resources).anyMatch(r -> r.path("resourceType").asText().equals("Patient"));
        assertThat(resources).noneMatch(r -> r.path("resourceType").asText().equals("OperationOutcome"));
    }

    @Test
    void collect_fetchFails_412NamesTheKey() throws Exception {
        ObjectNode request = patientView();
        ((ObjectNode) request.path("prefetch")).remove("allergies");
        request.put("fhirServer", "https://ehr.example/fhir").putObject("fhirAuthorization").put("access_token", "t");

        assertThatThrownBy(() -> collect(collector, request, (access, query) -> {
            throw new PrefetchFetcher.FetchException("the server answered 503");
        })).isInstanceOfSatisfying(CdsHooksException.class, e -> {
            assertThat(e.status()).isEqualTo(412);
            assertThat(e.getMessage()).isEqualTo("prefetch 'allergies' was not sent and could not be fetched: the server answered 503");
        });
    }

    @Test
    void collect_moreResourcesThanTheLimit_413_exactlyTheLimit_taken() throws Exception {
        ObjectNode request = patientView();
        int resources = collect(collector, request, PrefetchFetcher.NONE).size();

        assertThat(resources).isGreaterThan(10);
        assertThatThrownBy(() -> collect(new PrefetchCollector(10), request, PrefetchFetcher.NONE))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("more than 10 resources");
                    assertThat(e.operationOutcomeJson()).contains("\"code\":\"too-costly\"");
                });
        assertThat(collect(new PrefetchCollector(resources), request, PrefetchFetcher.NONE)).hasSize(resources);
        assertThatThrownBy(() -> new PrefetchCollector(resources).collect(HookService.PATIENT_VIEW, parse(request),
                PrefetchFetcher.NONE, 1)).as("the draft orders count too")
                .isInstanceOfSatisfying(CdsHooksException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void fill_contextTokens_urlEncoded_aMissingField_400() throws Exception {
        HookRequest request = HookRequest.parse("{\"hook\":\"encounter-start\",\"hookInstance\":\"x\",\"context\":"
                + "{\"patientId\":\"a b&c\",\"encounterId\":\"e/1\"}}", HookService.ENCOUNTER_START);

        assertThat(PrefetchCollector.fill("Observation?patient={{context.patientId}}&encounter={{ context.encounterId }}",
                request)).isEqualTo("Observation?patient=a+b%26c&encounter=e%2F1");
        assertThatThrownBy(() -> PrefetchCollector.fill("Flag?author={{context.userId}}", request))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("context.userId is required by this service");
                });
    }

    @Test
    void record_draftsFirstAndDuplicatesOnce_noPatient_theContextsId() throws Exception {
        ObjectNode request = patientView();
        ((ObjectNode) request.path("prefetch")).putNull("patient");
        List<JsonNode> resources = collect(collector, request, PrefetchFetcher.NONE);
        List<JsonNode> twice = new ArrayList<>(resources);
        twice.addAll(resources);

        PatientRecord record = collector.record(parse(request), List.of(), twice);

        assertThat(record.patientId()).isEqualTo("Patient/eligible-trd");
        assertThat(record.birthDate()).as("no Patient data: age rules cannot assess").isNull();
        assertThat(record.medications()).hasSize(collector.record(parse(request), List.of(), resources).medications().size());
    }

    @Test
    void record_prefetchedPatientNotTheContextPatient_400() throws Exception {
        ObjectNode request = patientView();
        ((ObjectNode) request.path("context")).put("patientId", "someone-else");

        assertThatThrownBy(() -> collector.record(parse(request), List.of(), collect(collector, request, PrefetchFetcher.NONE)))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("the prefetched Patient (Patient/eligible-trd) is not"
                            + " context.patientId (Patient/someone-else): the request's data is another patient's");
                });
    }

    @Test
    void record_prefetchedPatientWithoutId_400() throws Exception {
        ObjectNode request = patientView();
        ((ObjectNode) request.path("prefetch").path("patient")).remove("id");

        assertThatThrownBy(() -> collector.record(parse(request), List.of(), collect(collector, request, PrefetchFetcher.NONE)))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("Patient (without an id) is not context.patientId");
                });
    }

    @Test
    void record_fetchedPatientIsAnotherPatient_400() throws Exception {
        ObjectNode request = patientView();
        ((ObjectNode) request.path("prefetch")).remove("patient");
        request.put("fhirServer", "https://ehr.example/fhir").putObject("fhirAuthorization").put("access_token", "t");
        PrefetchFetcher wrongPatient = (access, query) -> new Patient().setId("someone-else");

        List<JsonNode> resources = collect(collector, request, wrongPatient);

        assertThatThrownBy(() -> collector.record(parse(request), List.of(), resources))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void record_resourceOfAnotherPatient_leftOutAndReportedAsUnusable() throws Exception {
        ObjectNode request = patientView();
        JsonNode other = CardsConformance.JSON.readTree("""
                {"resourceType": "Condition", "id": "elsewhere", "subject": {"reference": "Patient/someone-else"},
                 "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "I71.4"}]}}""");
        ((ArrayNode) request.path("prefetch").path("conditions").path("entry")).addObject().set("resource", other);

        PatientRecord record = collector.record(parse(request), List.of(), collect(collector, request, PrefetchFetcher.NONE));

        assertThat(record.conditions()).noneMatch(c -> c.id().equals("Condition/elsewhere"));
        assertThat(record.unusable()).anyMatch(u -> u.id().equals("Condition/elsewhere"));
    }
}
