package org.ketaminecds.fhir.cdshooks;

import java.util.List;

/**
 * One piece of feedback as stored: what the client sent, with the service and the time it arrived.
 *
 * @param receivedAt          when the service received it (ISO-8601, UTC)
 * @param serviceId           the service the card came from
 * @param card                the card's uuid
 * @param outcome             {@code accepted} or {@code overridden}
 * @param acceptedSuggestions uuids of the accepted suggestions
 * @param overrideReason      the coded reason, or {@code null}
 * @param userComment         the clinician's comment, or {@code null}
 * @param outcomeTimestamp    when the clinician acted (as sent)
 */
public record FeedbackRecord(String receivedAt, String serviceId, String card, String outcome,
                             List<String> acceptedSuggestions, CdsHooksJson.Coding overrideReason, String userComment,
                             String outcomeTimestamp) {

    public FeedbackRecord {
        acceptedSuggestions = List.copyOf(acceptedSuggestions);
    }
}
