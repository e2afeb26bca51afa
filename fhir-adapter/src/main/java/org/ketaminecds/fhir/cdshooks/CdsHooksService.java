package org.ketaminecds.fhir.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;

/**
 * The CDS Hooks 2.0 services of ketamine-cds, without HTTP: a host (the sample server, or an EHR in-process) passes
 * request bodies in and sends what comes back. Thread-safe; build one and share it.
 *
 * <pre>{@code
 * CdsHooksService cds = CdsHooksService.builder(CdsEngine.builder().build()).build();
 * String discovery = CdsHooksJson.write(cds.discovery());
 * // missing prefetch is fetched only from the FHIR servers allowed for the issuer of the caller's (verified) JWT
 * FhirServerAllowList servers = FhirServerAllowList.builder().allow(issuer, List.of(ehrFhirBase)).build();
 * String cards = cds.call("ketamine-cds-order-sign", requestJson, servers.fetcherFor(issuer)).json();
 * }</pre>
 *
 * A call is a short pipeline: the request is checked ({@link HookRequest}), an order hook's draft orders are read and
 * kept only when ketamine or esketamine, the data is collected ({@link PrefetchCollector}: missing prefetch is fetched
 * from {@code fhirServer} before evaluation, or the call fails with 412), the hook's assessment is made
 * ({@link HookPolicy}: which hook asks for which modes) and becomes cards ({@link CardFactory}). Feedback is taken
 * by {@link FeedbackIntake}.
 */
public final class CdsHooksService {

    /** Resources one call may bring (prefetch, fetched data, draft orders) by default: {@link Builder#maxResources}. */
    public static final int DEFAULT_MAX_RESOURCES = 10_000;
    /** Feedback items one request may carry, unless the builder says otherwise: each is forced to disk on its own. */
    public static final int DEFAULT_MAX_FEEDBACK_ITEMS = 100;

    private final Clock clock;
    private final PrefetchCollector prefetch;
    private final HookPolicy policy;
    private final CardFactory cards;
    private final FeedbackIntake feedback; // null: this host takes no feedback

    private CdsHooksService(Builder b) {
        this.clock = b.clock != null ? b.clock : b.engine.clock();
        this.prefetch = new PrefetchCollector(b.maxResources);
        this.policy = new HookPolicy(b.engine);
        this.cards = new CardFactory(b.documentationUrl);
        this.feedback = b.feedbackSink == null ? null : new FeedbackIntake(b.feedbackSink, b.maxFeedbackItems, clock);
    }

    public static Builder builder(CdsEngine engine) {
        return new Builder(engine);
    }

    /** The discovery document: the four services and their prefetch templates. */
    public CdsHooksJson.Discovery discovery() {
        return new CdsHooksJson.Discovery(Arrays.stream(HookService.values()).map(HookService::descriptor).toList());
    }

    /** Whether a service with this id exists (for hosts that route by id). */
    public boolean hasService(String serviceId) {
        return HookService.byId(serviceId) != null;
    }

    /** A service's answer: the CDS Hooks response, and the assessment behind it when there was one to make. */
    public record Result(CdsHooksJson.Response response, Optional<Assessment> assessment) {
        public String json() {
            return CdsHooksJson.write(response);
        }
    }

    /**
     * Answers one hook call.
     *
     * @param serviceId   the service's id from discovery
     * @param requestJson the request body
     * @param fetcher     fetches missing prefetch from the client's FHIR server, for this call only
     *                    ({@link PrefetchFetcher#NONE} to never)
     * @throws CdsHooksException 404 unknown service, 400 bad request (also: the prefetched Patient or a draft order is
     *                           another patient's), 412 data missing and not fetchable, 413 more resources than
     *                           {@link Builder#maxResources}
     */
    public Result call(String serviceId, String requestJson, PrefetchFetcher fetcher) throws CdsHooksException {
        HookService service = service(serviceId);
        HookRequest request = HookRequest.parse(requestJson, service);
        Instant asOf = clock.instant();

        List<JsonNode> drafts = service.isOrderHook() ? request.draftMedicationRequests() : List.of();
        List<String> ketamineDrafts = drafts.isEmpty() ? List.of()
                : policy.ketamineDrafts(prefetch.record(request, drafts, List.of()), request.selections());
        if (service.isOrderHook() && ketamineDrafts.isEmpty()) {
            return silent(); // an order this package is not about: no data needed, nothing to say
        }
        List<JsonNode> resources = prefetch.collect(service, request, Objects.requireNonNull(fetcher, "fetcher"), drafts.size());
        Assessment assessment = policy.assess(service, prefetch.record(request, drafts, resources), asOf);
        if (assessment == null) {
            return silent();
        }
        return new Result(new CdsHooksJson.Response(cards.cards(service, assessment, request.hookInstance(), ketamineDrafts)),
                Optional.of(assessment));
    }

    /**
     * Cards for an assessment made outside a hook call (the command line's {@code --format cds-hooks}): the same
     * cards a patient-view call would give for it, without order-specific suggestions.
     */
    public CdsHooksJson.Response cards(Assessment assessment) {
        return new CdsHooksJson.Response(cards.cards(HookService.PATIENT_VIEW, assessment,
                assessment.patient() + "|" + assessment.asOf() + "|" + assessment.mode(), List.of()));
    }

    /**
     * Stores feedback on cards in the sink.
     *
     * @return how many feedback items were stored
     * @throws CdsHooksException 404 unknown service, 400 malformed feedback, 413 more items than one request may carry
     *                           (nothing is stored then)
     */
    public int feedback(String serviceId, String feedbackJson) throws CdsHooksException {
        service(serviceId);
        if (feedback == null) {
            throw new CdsHooksException(CdsHooksException.NOT_FOUND, "this host takes no feedback");
        }
        return feedback.accept(serviceId, feedbackJson);
    }

    private static HookService service(String serviceId) throws CdsHooksException {
        HookService service = HookService.byId(serviceId);
        if (service == null) {
            throw new CdsHooksException(CdsHooksException.NOT_FOUND, "no CDS service '" + serviceId + "'");
        }
        return service;
    }

    private static Result silent() {
        return new Result(new CdsHooksJson.Response(List.of()), Optional.empty());
    }

    /** Configures the service; only the engine is required. */
    public static final class Builder {
        private final CdsEngine engine;
        private Clock clock;
        private FeedbackSink feedbackSink;
        private String documentationUrl;
        private int maxResources = DEFAULT_MAX_RESOURCES;
        private int maxFeedbackItems = DEFAULT_MAX_FEEDBACK_ITEMS;

        private Builder(CdsEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
        }

        /** The clock that gives asOf (default: the engine's). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where feedback goes; without one, feedback calls are refused (404). */
        public Builder feedbackSink(FeedbackSink sink) {
            this.feedbackSink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * The URL of this deployment's rule documentation (e.g. where it publishes docs/rules.md), given as each
         * card's {@code source.url}. Without one, cards carry no url: the knowledge base has no public address.
         */
        public Builder documentationUrl(String url) {
            this.documentationUrl = url;
            return this;
        }

        /**
         * At most this many resources in one call: the prefetch, the data fetched for missing prefetch and the draft
         * orders together (default {@value CdsHooksService#DEFAULT_MAX_RESOURCES}). A call with more fails with 413
         * before any of them is mapped, so one call cannot take the host's memory.
         */
        public Builder maxResources(int resources) {
            if (resources < 1) {
                throw new IllegalArgumentException("maxResources must be at least 1, not " + resources);
            }
            this.maxResources = resources;
            return this;
        }

        /** The most feedback items one request may carry (default {@value CdsHooksService#DEFAULT_MAX_FEEDBACK_ITEMS}); more: 413. */
        public Builder maxFeedbackItems(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxFeedbackItems must be at least 1");
            }
            this.maxFeedbackItems = max;
            return this;
        }

        public CdsHooksService build() {
            return new CdsHooksService(this);
        }
    }
}
