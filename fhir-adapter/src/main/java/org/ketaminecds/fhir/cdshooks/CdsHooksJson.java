package org.ketaminecds.fhir.cdshooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * The JSON of CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/) as Java records: discovery, responses and cards,
 * feedback. Null and empty fields are left out when written, as the specification asks.
 */
public final class CdsHooksJson {

    /** Writes without nulls or empty lists; reads leniently (unknown fields, e.g. extensions, are ignored). */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CdsHooksJson() {
    }

    /** Compact JSON of any of the records below. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write CDS Hooks JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The discovery document ({@code GET /cds-services}). */
    public record Discovery(List<Service> services) {
    }

    /** One service of the discovery document. */
    public record Service(String hook, String title, String description, String id, Map<String, String> prefetch,
                          String usageRequirements) {
    }

    /** A CDS service response: cards (possibly none). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Response(List<Card> cards) {
        public Response {
            cards = List.copyOf(cards);
        }
    }

    /**
     * One card.
     *
     * @param indicator         {@code info}, {@code warning} or {@code critical}
     * @param selectionBehavior {@code at-most-one} or {@code any}; set when there are suggestions
     */
    public record Card(String uuid, String summary, String detail, String indicator, Source source,
                       List<Suggestion> suggestions, String selectionBehavior, List<Coding> overrideReasons) {
    }

    /** Where a card's guidance comes from. */
    public record Source(String label, String url, Coding topic) {
    }

    /** A suggestion: a button in the EHR, with the FHIR actions it would take. */
    public record Suggestion(String label, String uuid, Boolean isRecommended, List<Action> actions) {
    }

    /**
     * A FHIR action: {@code create} with a resource (raw FHIR JSON), or {@code delete} with a resourceId.
     */
    public record Action(String type, String description, @JsonRawValue String resource, String resourceId) {
    }

    /** The CDS Hooks Coding (code, system, display). */
    public record Coding(String system, String code, String display) {
    }

    /** The body of a feedback call. */
    public record FeedbackRequest(List<Feedback> feedback) {
    }

    /** One feedback item, as the CDS client sends it. */
    public record Feedback(String card, String outcome, List<AcceptedSuggestion> acceptedSuggestions,
                           OverrideReason overrideReason, String outcomeTimestamp) {
    }

    public record AcceptedSuggestion(String id) {
    }

    public record OverrideReason(Coding reason, String userComment) {
    }
}
