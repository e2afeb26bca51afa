package org.ketaminecds.fhir.cdshooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A CDS Hooks request, checked: what the services read from it. */
record HookRequest(String hook, String hookInstance, JsonNode context, JsonNode prefetch, FhirServerAccess access) {

    static HookRequest parse(String json, HookService service) throws CdsHooksException {
        JsonNode root;
        try {
            root = CdsHooksJson.MAPPER.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw bad("the request is not valid JSON" + (where == null ? "" : " (line " + where.getLineNr()
                    + ", column " + where.getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw bad("the request must be a JSON object");
        }
        String hook = text(root, "hook");
        if (hook == null) {
            throw bad("'hook' is required");
        }
        if (!hook.equals(service.hook)) {
            throw bad("this service answers '" + service.hook + "', the request is for '" + hook + "'");
        }
        String hookInstance = text(root, "hookInstance");
        if (hookInstance == null) {
            throw bad("'hookInstance' is required");
        }
        JsonNode context = root.get("context");
        if (context == null || !context.isObject()) {
            throw bad("'context' must be an object");
        }
        if (text(context, "patientId") == null) {
            throw bad("context.patientId is required for " + hook);
        }
        if (service == HookService.ENCOUNTER_START && text(context, "encounterId") == null) {
            throw bad("context.encounterId is required for encounter-start");
        }
        if (service.isOrderHook() && !"Bundle".equals(context.path("draftOrders").path("resourceType").asText())) {
            throw bad("context.draftOrders must be a FHIR Bundle for " + hook);
        }
        JsonNode prefetch = root.path("prefetch");
        if (!prefetch.isMissingNode() && !prefetch.isNull() && !prefetch.isObject()) {
            throw bad("'prefetch' must be an object");
        }
        String server = text(root, "fhirServer");
        JsonNode auth = root.get("fhirAuthorization");
        String token = auth != null && auth.isObject() ? text(auth, "access_token") : null;
        FhirServerAccess access = server != null && token != null ? new FhirServerAccess(server, token) : null;
        if (server != null && !(server.startsWith("https://") || server.startsWith("http://"))) {
            throw bad("'fhirServer' must be an http(s) URL");
        }
        return new HookRequest(hook, hookInstance, context, prefetch.isObject() ? prefetch : CdsHooksJson.MAPPER.createObjectNode(),
                access);
    }

    String patientId() {
        String id = context.path("patientId").asText();
        return id.startsWith("Patient/") ? id.substring("Patient/".length()) : id;
    }

    /** The MedicationRequests among the draft orders; other order types (and other FHIR versions) are not ours. */
    List<JsonNode> draftMedicationRequests() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode entry : context.path("draftOrders").path("entry")) {
            JsonNode resource = entry.path("resource");
            if ("MedicationRequest".equals(resource.path("resourceType").asText())) {
                out.add(resource);
            }
        }
        return out;
    }

    /** order-select's {@code selections} ({@code MedicationRequest/x}); empty for other hooks. */
    Set<String> selections() {
        Set<String> out = new HashSet<>();
        for (JsonNode s : context.path("selections")) {
            if (s.isTextual()) {
                out.add(s.asText());
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static CdsHooksException bad(String message) {
        return new CdsHooksException(CdsHooksException.BAD_REQUEST, message);
    }
}
