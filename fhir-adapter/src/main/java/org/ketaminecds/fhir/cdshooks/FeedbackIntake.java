package org.ketaminecds.fhir.cdshooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Takes CDS Hooks feedback on cards: checks every item of a request, then stores them all in the sink, or none.
 * Thread-safe when the sink is.
 */
final class FeedbackIntake {

    private final FeedbackSink sink;
    private final int maxItems;
    private final Clock clock;

    FeedbackIntake(FeedbackSink sink, int maxItems, Clock clock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.maxItems = maxItems;
        this.clock = clock;
    }

    /**
     * Stores the feedback of one request.
     *
     * @return how many feedback items were stored
     * @throws CdsHooksException 400 malformed feedback, 413 more items than one request may carry (nothing is stored
     *                           then)
     */
    int accept(String serviceId, String feedbackJson) throws CdsHooksException {
        CdsHooksJson.FeedbackRequest body;
        try {
            body = CdsHooksJson.MAPPER.readValue(feedbackJson == null ? "" : feedbackJson, CdsHooksJson.FeedbackRequest.class);
        } catch (JsonProcessingException e) {
            throw new CdsHooksException(CdsHooksException.BAD_REQUEST, "feedback is not valid JSON of the CDS Hooks"
                    + " feedback shape: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (body == null || body.feedback() == null || body.feedback().isEmpty()) {
            throw new CdsHooksException(CdsHooksException.BAD_REQUEST, "feedback must be an object with a non-empty 'feedback' array");
        }
        if (body.feedback().size() > maxItems) {
            throw new CdsHooksException(CdsHooksException.PAYLOAD_TOO_LARGE, "feedback carries " + body.feedback().size()
                    + " items; at most " + maxItems + " are taken per request");
        }
        String receivedAt = clock.instant().toString();
        List<FeedbackRecord> records = new ArrayList<>();
        for (int i = 0; i < body.feedback().size(); i++) {
            records.add(check(body.feedback().get(i), i, serviceId, receivedAt));
        }
        try {
            for (FeedbackRecord r : records) {
                sink.accept(r);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the feedback store failed: " + e.getMessage(), e);
        }
        return records.size();
    }

    private static FeedbackRecord check(CdsHooksJson.Feedback f, int i, String serviceId, String receivedAt)
            throws CdsHooksException {
        String where = "feedback[" + i + "]";
        if (f == null || blank(f.card())) {
            throw new CdsHooksException(CdsHooksException.BAD_REQUEST, where + ".card (the card's uuid) is required");
        }
        if (!"accepted".equals(f.outcome()) && !"overridden".equals(f.outcome())) {
            throw new CdsHooksException(CdsHooksException.BAD_REQUEST, where + ".outcome must be 'accepted' or 'overridden'");
        }
        if (blank(f.outcomeTimestamp())) {
            throw new CdsHooksException(CdsHooksException.BAD_REQUEST, where + ".outcomeTimestamp is required");
        }
        try {
            Instant.parse(f.outcomeTimestamp());
        } catch (DateTimeParseException e) {
            throw new CdsHooksException(CdsHooksException.BAD_REQUEST, where + ".outcomeTimestamp is not an ISO-8601 UTC time");
        }
        List<String> accepted = f.acceptedSuggestions() == null ? List.of()
                : f.acceptedSuggestions().stream().filter(Objects::nonNull).map(CdsHooksJson.AcceptedSuggestion::id)
                .filter(id -> !blank(id)).toList();
        if ("accepted".equals(f.outcome()) && accepted.isEmpty()) {
            throw new CdsHooksException(CdsHooksException.BAD_REQUEST, where + ": an accepted outcome needs acceptedSuggestions");
        }
        CdsHooksJson.Coding reason = f.overrideReason() == null ? null : f.overrideReason().reason();
        String comment = f.overrideReason() == null ? null : f.overrideReason().userComment();
        return new FeedbackRecord(receivedAt, serviceId, f.card(), f.outcome(), accepted, reason, comment, f.outcomeTimestamp());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
