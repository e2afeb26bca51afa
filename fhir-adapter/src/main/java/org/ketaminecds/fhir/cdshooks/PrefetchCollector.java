package org.ketaminecds.fhir.cdshooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.fhir.AssessmentFhir;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.UnusableRecordException;

/**
 * A hook call's data: the prefetch the request carries, what is fetched for the keys it lacks (CDS Hooks "prefetch
 * tokens" filled from the context), at most {@code maxResources} with the draft orders, and the record read from
 * them. Thread-safe.
 */
final class PrefetchCollector {

    private final FhirRecordReader reader = FhirRecordReader.create();
    private final int maxResources;

    PrefetchCollector(int maxResources) {
        this.maxResources = maxResources;
    }

    /**
     * The prefetch the request carries, plus what is fetched for the keys it lacks; at most {@code maxResources} with
     * the draft orders, checked as they come, before any of them is mapped.
     *
     * @param drafts how many draft orders come with them
     * @throws CdsHooksException 412 prefetch missing and not fetchable, 413 too many resources, 400 a template's
     *                           context field missing
     */
    List<JsonNode> collect(HookService service, HookRequest request, PrefetchFetcher fetcher, int drafts)
            throws CdsHooksException {
        List<JsonNode> resources = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>();
        for (Map.Entry<String, String> template : service.prefetch.entrySet()) {
            JsonNode value = request.prefetch().get(template.getKey());
            if (value != null && value.isNull()) {
                continue; // the client has no such data: rules that need it say CANNOT_ASSESS
            }
            if (value == null || !value.isObject() || "OperationOutcome".equals(value.path("resourceType").asText())) {
                missing.put(template.getKey(), template.getValue()); // not sent, or the client's prefetch failed
                continue;
            }
            addResources(value, resources);
            checkSize(drafts + resources.size(), "the prefetch");
        }
        if (missing.isEmpty()) {
            return resources;
        }
        FhirServerAccess access = request.access();
        if (access == null) {
            throw new CdsHooksException(CdsHooksException.PRECONDITION_FAILED, "prefetch missing for "
                    + String.join(", ", missing.keySet()) + ", and the request has no fhirServer and fhirAuthorization"
                    + " to fetch it with");
        }
        for (Map.Entry<String, String> m : missing.entrySet()) {
            String query = fill(m.getValue(), request);
            try {
                org.hl7.fhir.r4.model.Resource fetched = fetcher.fetch(access, query);
                if (fetched != null) {
                    addResources(CdsHooksJson.MAPPER.readTree(AssessmentFhir.encode(fetched)), resources);
                    checkSize(drafts + resources.size(), "the prefetch and the data fetched for '" + m.getKey() + "'");
                }
            } catch (PrefetchFetcher.FetchException e) {
                throw new CdsHooksException(CdsHooksException.PRECONDITION_FAILED, "prefetch '" + m.getKey()
                        + "' was not sent and could not be fetched: " + e.getMessage(), e);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("HAPI wrote JSON that Jackson cannot read", e);
            }
        }
        return resources;
    }

    private void checkSize(int resources, String what) throws CdsHooksException {
        if (resources > maxResources) {
            throw new CdsHooksException(CdsHooksException.PAYLOAD_TOO_LARGE, what + " hold more than " + maxResources
                    + " resources, this service's limit for one call: prefetch less (e.g. a date filter) or raise the limit");
        }
    }

    /** A search Bundle gives its entries' resources; a single resource itself. */
    private static void addResources(JsonNode value, List<JsonNode> into) {
        if ("Bundle".equals(value.path("resourceType").asText())) {
            for (JsonNode entry : value.path("entry")) {
                JsonNode resource = entry.get("resource");
                if (resource != null && resource.isObject() && !"OperationOutcome".equals(resource.path("resourceType").asText())) {
                    into.add(resource); // a searchset may carry OperationOutcome warnings: not record data
                }
            }
        } else {
            into.add(value);
        }
    }

    /** The prefetch tokens of CDS Hooks filled from the context; values are URL-encoded. */
    static String fill(String template, HookRequest request) throws CdsHooksException {
        String out = template;
        int open;
        while ((open = out.indexOf("{{")) >= 0) {
            int close = out.indexOf("}}", open);
            String token = out.substring(open + 2, close).trim();
            String field = token.startsWith("context.") ? token.substring("context.".length()) : token;
            JsonNode value = request.context().get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                throw new CdsHooksException(CdsHooksException.BAD_REQUEST, "context." + field + " is required by this service");
            }
            out = out.substring(0, open) + URLEncoder.encode(value.asText(), StandardCharsets.UTF_8) + out.substring(close + 2);
        }
        return out;
    }

    /**
     * The record of one collection Bundle: the draft orders first (they win over a stored copy), then the resources.
     *
     * @throws CdsHooksException 400 when the Patient among them is not the context's, or the data cannot be read
     */
    PatientRecord record(HookRequest request, List<JsonNode> drafts, List<JsonNode> resources) throws CdsHooksException {
        ArrayNode entries = CdsHooksJson.MAPPER.createArrayNode();
        Set<String> seen = new HashSet<>();
        boolean hasPatient = false;
        List<JsonNode> all = new ArrayList<>(drafts);
        all.addAll(resources);
        for (JsonNode resource : all) {
            String type = resource.path("resourceType").asText();
            String id = resource.path("id").asText("");
            if (!id.isEmpty() && !seen.add(type + "/" + id)) {
                continue;
            }
            if ("Patient".equals(type)) {
                // Another patient's Patient means the prefetch was made for someone else: none of it can be used,
                // and an answer from the rest would be about nobody. The other resources' patient is checked by
                // the reader, against this Patient: one with another patient's reference is left out and reported.
                if (!id.equals(request.patientId())) {
                    throw new CdsHooksException(CdsHooksException.BAD_REQUEST, "the prefetched Patient ("
                            + (id.isEmpty() ? "without an id" : "Patient/" + id) + ") is not context.patientId ("
                            + "Patient/" + request.patientId() + "): the request's data is another patient's");
                }
                hasPatient = true;
            }
            entries.addObject().set("resource", resource);
        }
        if (!hasPatient) {
            // The client said it has no Patient data (null): the id from the context; age rules say CANNOT_ASSESS.
            ObjectNode stub = entries.insertObject(0).putObject("resource");
            stub.put("resourceType", "Patient").put("id", request.patientId());
        }
        ObjectNode bundle = CdsHooksJson.MAPPER.createObjectNode().put("resourceType", "Bundle").put("type", "collection");
        bundle.set("entry", entries);
        try {
            return reader.read(bundle, "the request's data");
        } catch (UnusableRecordException e) {
            throw new CdsHooksException(CdsHooksException.BAD_REQUEST, "the request's data cannot be used: " + e.problem(), e);
        }
    }
}
