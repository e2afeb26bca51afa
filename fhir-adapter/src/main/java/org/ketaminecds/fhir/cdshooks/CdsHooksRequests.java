package org.ketaminecds.fhir.cdshooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Builds the CDS Hooks request an EHR would send for a record Bundle, with every prefetch key of the service filled:
 * for demos, tests and load runs, and for the command line's {@code --format cds-hooks}.
 */
public final class CdsHooksRequests {

    private CdsHooksRequests() {
    }

    /**
     * @param serviceId    a service id from discovery
     * @param bundleJson   one patient's record (a FHIR Bundle)
     * @param hookInstance the request's id
     * @param draftOrderId for order hooks, the id of the record's MedicationRequest to send as the draft order being
     *                     signed or selected (its status becomes {@code draft}); {@code null} for other hooks
     * @throws IllegalArgumentException when the service, the Bundle or the order is not there
     */
    public static String fromBundle(String serviceId, String bundleJson, String hookInstance, String draftOrderId) {
        HookService service = HookService.byId(serviceId);
        if (service == null) {
            throw new IllegalArgumentException("no CDS service '" + serviceId + "'");
        }
        JsonNode bundle;
        try {
            bundle = CdsHooksJson.MAPPER.readTree(bundleJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        ObjectNode request = CdsHooksJson.MAPPER.createObjectNode().put("hook", service.hook).put("hookInstance", hookInstance);
        ObjectNode context = request.putObject("context").put("userId", "Practitioner/example");
        ObjectNode prefetch = CdsHooksJson.MAPPER.createObjectNode();
        ObjectNode draft = null;
        String patientId = null;
        String encounterId = null;
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            String type = resource.path("resourceType").asText();
            String id = resource.path("id").asText();
            if ("Patient".equals(type)) {
                patientId = id;
                prefetch.set("patient", resource);
                continue;
            }
            if ("MedicationRequest".equals(type) && id.equals(draftOrderId)) {
                draft = resource.deepCopy();
                draft.put("status", "draft");
                continue;
            }
            if ("Encounter".equals(type) && encounterId == null) {
                encounterId = id;
                if (service.prefetch.containsKey("encounter")) {
                    prefetch.set("encounter", resource);
                }
            }
            String key = keyFor(service, type);
            if (key != null) {
                if (!prefetch.has(key)) {
                    prefetch.putObject(key).put("resourceType", "Bundle").put("type", "searchset").putArray("entry");
                }
                ((ObjectNode) prefetch.get(key)).withArray("entry").addObject().set("resource", resource);
            }
        }
        if (patientId == null) {
            throw new IllegalArgumentException("the Bundle has no Patient");
        }
        context.put("patientId", patientId);
        if (service == HookService.ENCOUNTER_START) {
            context.put("encounterId", encounterId != null ? encounterId : "unknown");
            if (encounterId == null) {
                prefetch.putNull("encounter");
            }
        }
        if (service.isOrderHook()) {
            if (draft == null) {
                throw new IllegalArgumentException("the Bundle has no MedicationRequest '" + draftOrderId + "'");
            }
            ObjectNode orders = context.putObject("draftOrders").put("resourceType", "Bundle").put("type", "collection");
            orders.putArray("entry").addObject().set("resource", draft);
            if (service == HookService.ORDER_SELECT) {
                context.putArray("selections").add("MedicationRequest/" + draftOrderId);
            }
        }
        for (String key : service.prefetch.keySet()) {
            if (!prefetch.has(key)) {
                prefetch.putNull(key); // the record has none: "no data", as the spec says
            }
        }
        request.set("prefetch", prefetch);
        return request.toString();
    }

    private static String keyFor(HookService service, String resourceType) {
        for (Map.Entry<String, String> t : service.prefetch.entrySet()) {
            if (t.getValue().startsWith(resourceType + "?")) {
                return t.getKey();
            }
        }
        String including = HookService.INCLUDED.get(resourceType);
        return service.prefetch.containsKey(including) ? including : null;
    }
}
