package org.ketaminecds.fhir.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Checks a CDS Hooks response against the 2.0 specification's rules for cards. */
final class CardsConformance {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> INDICATORS = Set.of("info", "warning", "critical");

    private CardsConformance() {
    }

    static JsonNode assertConformant(String responseJson) throws Exception {
        JsonNode response = JSON.readTree(responseJson);
        assertThat(response.isObject()).isTrue();
        assertThat(response.path("cards").isArray()).as("cards array").isTrue();
        for (JsonNode card : response.path("cards")) {
            assertNoNullOrEmpty(card, "card");
            assertThat(card.path("uuid").asText()).hasSize(36);
            assertThat(card.path("summary").asText()).isNotBlank().hasSizeLessThan(140);
            assertThat(INDICATORS).contains(card.path("indicator").asText());
            assertThat(card.path("source").path("label").asText()).isNotBlank();
            assertThat(card.path("detail").asText()).contains("**Rule:**").contains("knowledge package");
            boolean hasSuggestions = card.has("suggestions");
            assertThat(card.has("selectionBehavior")).as("selectionBehavior iff suggestions").isEqualTo(hasSuggestions);
            for (JsonNode suggestion : card.path("suggestions")) {
                assertThat(suggestion.path("label").asText()).isNotBlank();
                assertThat(suggestion.path("uuid").asText()).hasSize(36);
                for (JsonNode action : suggestion.path("actions")) {
                    String type = action.path("type").asText();
                    assertThat(type).isIn("create", "update", "delete");
                    assertThat(action.path("description").asText()).isNotBlank();
                    if (type.equals("delete")) {
                        assertThat(action.path("resourceId").asText()).contains("/");
                    } else {
                        assertThat(action.path("resource").path("resourceType").asText()).isNotBlank();
                    }
                }
            }
            for (JsonNode reason : card.path("overrideReasons")) {
                assertThat(reason.path("system").asText()).isEqualTo(OverrideReason.SYSTEM);
                assertThat(reason.path("code").asText()).isNotBlank();
                assertThat(reason.path("display").asText()).isNotBlank();
            }
        }
        return response;
    }

    /** The specification forbids null and empty values in cards. */
    static void assertNoNullOrEmpty(JsonNode node, String path) {
        assertThat(node.isNull()).as(path + " is null").isFalse();
        if (node.isTextual()) {
            assertThat(node.asText()).as(path + " is empty").isNotEmpty();
        } else if (node.isArray()) {
            assertThat(node.size()).as(path + " is an empty array").isPositive();
            for (int i = 0; i < node.size(); i++) {
                assertNoNullOrEmpty(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            assertThat(node.size()).as(path + " is an empty object").isPositive();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                assertNoNullOrEmpty(field.getValue(), path + "." + field.getKey());
            }
        }
    }
}
