package org.ketaminecds.fhir.cdshooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.DataGap;
import org.ketaminecds.core.Disposition;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.MonitoringItem;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.RuleSet;
import org.ketaminecds.core.record.MedicationEntry;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.record.UnusableResource;
import org.ketaminecds.fhir.AssessmentFhir;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.UnusableRecordException;

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
 * Hooks to modes (DESIGN.md): patient-view is a review when ketamine or esketamine was given in the last 90 days,
 * else candidacy; order-select and order-sign are candidacy with the draft order as the planned treatment, plus the
 * tolerance and dependence rules (and the review when a course is ongoing); encounter-start is the pre-dose check.
 * Missing prefetch is fetched from {@code fhirServer} before evaluation, or the call fails with 412.
 */
public final class CdsHooksService {

    /** Resources one call may bring (prefetch, fetched data, draft orders) by default: {@link Builder#maxResources}. */
    public static final int DEFAULT_MAX_RESOURCES = 10_000;
    /** Feedback items one request may carry, unless the builder says otherwise: each is forced to disk on its own. */
    public static final int DEFAULT_MAX_FEEDBACK_ITEMS = 100;
    /** "A course is ongoing": an administration this recent. */
    static final Duration ONGOING_COURSE = Duration.ofDays(90);
    private static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> -f.severity().ordinal()).thenComparing(Finding::ruleId);

    private final CdsEngine engine;
    private final FhirRecordReader reader = FhirRecordReader.create();
    private final Clock clock;
    private final FeedbackSink feedbackSink;
    private final CardFactory cards;
    private final int maxResources;
    private final int maxFeedbackItems;

    private CdsHooksService(Builder b) {
        this.engine = b.engine;
        this.maxResources = b.maxResources;
        this.clock = b.clock != null ? b.clock : engine.clock();
        this.feedbackSink = b.feedbackSink;
        this.cards = new CardFactory(b.documentationUrl);
        this.maxFeedbackItems = b.maxFeedbackItems;
    }

    public static Builder builder(CdsEngine engine) {
        return new Builder(engine);
    }

    /** The discovery document: the four services and their prefetch templates. */
    public CdsHooksJson.Discovery discovery() {
        return new CdsHooksJson.Discovery(java.util.Arrays.stream(HookService.values()).map(HookService::descriptor).toList());
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
        HookService service = HookService.byId(serviceId);
        if (service == null) {
            throw new CdsHooksException(CdsHooksException.NOT_FOUND, "no CDS service '" + serviceId + "'");
        }
        HookRequest request = HookRequest.parse(requestJson, service);
        Instant asOf = clock.instant();

        List<JsonNode> draftRequests = List.of();
        List<String> ketamineDrafts = List.of();
        if (service.isOrderHook()) {
            draftRequests = request.draftMedicationRequests();
            ketamineDrafts = ketamineDrafts(request, draftRequests);
            if (ketamineDrafts.isEmpty()) {
                return silent(); // an order this package is not about: no data needed, nothing to say
            }
        }
        List<JsonNode> data = collect(service, request, Objects.requireNonNull(fetcher, "fetcher"), draftRequests.size());
        PatientRecord record = read(request, draftRequests, data);
        boolean ongoing = ongoingCourse(record, asOf);
        Assessment assessment = switch (service) {
            case PATIENT_VIEW -> engine.evaluate(record, EvaluationContext.of(ongoing ? Mode.REVIEW : Mode.CANDIDACY, asOf));
            case ORDER_SELECT, ORDER_SIGN -> orderCheck(record, asOf, ongoing);
            case ENCOUNTER_START -> ongoing || hasKetamineOrder(record)
                    ? engine.evaluate(record, EvaluationContext.of(Mode.PRE_DOSE, asOf)) : null;
        };
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
        if (HookService.byId(serviceId) == null) {
            throw new CdsHooksException(CdsHooksException.NOT_FOUND, "no CDS service '" + serviceId + "'");
        }
        if (feedbackSink == null) {
            throw new CdsHooksException(CdsHooksException.NOT_FOUND, "this host takes no feedback");
        }
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
        if (body.feedback().size() > maxFeedbackItems) {
            throw new CdsHooksException(CdsHooksException.PAYLOAD_TOO_LARGE, "feedback carries " + body.feedback().size()
                    + " items; at most " + maxFeedbackItems + " are taken per request");
        }
        String receivedAt = clock.instant().toString();
        List<FeedbackRecord> records = new ArrayList<>();
        for (int i = 0; i < body.feedback().size(); i++) {
            records.add(check(body.feedback().get(i), i, serviceId, receivedAt));
        }
        try {
            for (FeedbackRecord r : records) {
                feedbackSink.accept(r);
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
        } catch (java.time.format.DateTimeParseException e) {
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

    // --- data ----------------------------------------------------------------------------------------------------

    /**
     * The prefetch the request carries, plus what is fetched for the keys it lacks; at most {@code maxResources} with
     * the draft orders, checked as they come, before any of them is mapped.
     */
    private List<JsonNode> collect(HookService service, HookRequest request, PrefetchFetcher fetcher, int drafts)
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

    /** One collection Bundle: the draft orders first (they win over a stored copy), then the prefetched data. */
    private PatientRecord read(HookRequest request, List<JsonNode> drafts, List<JsonNode> resources) throws CdsHooksException {
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
            return reader.read(bundle.toString(), "the request's data");
        } catch (UnusableRecordException e) {
            throw new CdsHooksException(CdsHooksException.BAD_REQUEST, "the request's data cannot be used: " + e.problem(), e);
        }
    }

    /** The draft MedicationRequests (selected ones, for order-select) that are ketamine or esketamine. */
    private List<String> ketamineDrafts(HookRequest request, List<JsonNode> drafts) throws CdsHooksException {
        if (drafts.isEmpty()) {
            return List.of();
        }
        PatientRecord orders = read(request, drafts, List.of());
        if (!orders.unusable().isEmpty()) {
            // The order being signed must be the one checked: a draft that cannot be read, or another patient's,
            // is refused rather than passed over in silence.
            UnusableResource left = orders.unusable().get(0);
            throw new CdsHooksException(CdsHooksException.BAD_REQUEST, "context.draftOrders: " + left.id()
                    + " cannot be used: " + left.problem());
        }
        Set<String> selections = request.selections();
        List<String> ids = new ArrayList<>();
        for (MedicationEntry m : orders.medications()) {
            if (m.kind() == MedicationKind.REQUEST && engine.isKetamineProduct(m.codes())
                    && (selections.isEmpty() || selections.contains(m.id()))) {
                ids.add(m.id());
            }
        }
        return ids;
    }

    private boolean ongoingCourse(PatientRecord record, Instant asOf) {
        Instant since = asOf.minus(ONGOING_COURSE);
        for (MedicationEntry m : record.medications()) {
            if (m.kind() == MedicationKind.ADMINISTRATION && m.start() != null && !m.start().isBefore(since)
                    && !m.start().isAfter(asOf) && ("completed".equals(m.status()) || "in-progress".equals(m.status()))
                    && engine.isKetamineProduct(m.codes())) {
                return true;
            }
        }
        return false;
    }

    private boolean hasKetamineOrder(PatientRecord record) {
        return record.medications().stream().anyMatch(m -> m.kind() == MedicationKind.REQUEST
                && ("active".equals(m.status()) || "draft".equals(m.status())) && engine.isKetamineProduct(m.codes()));
    }

    /** Candidacy for the draft order, with the tolerance/dependence rules of a pre-dose check and, mid-course, the review. */
    private Assessment orderCheck(PatientRecord record, Instant asOf, boolean ongoing) {
        Assessment candidacy = engine.evaluate(record, EvaluationContext.of(Mode.CANDIDACY, asOf));
        List<Assessment> more = new ArrayList<>();
        more.add(only(engine.evaluate(record, EvaluationContext.of(Mode.PRE_DOSE, asOf)), RuleSet.TOLERANCE_DEPENDENCE));
        if (ongoing) {
            more.add(engine.evaluate(record, EvaluationContext.of(Mode.REVIEW, asOf)));
        }
        return merge(candidacy, more);
    }

    private static Assessment only(Assessment a, RuleSet ruleSet) {
        List<Finding> findings = a.findings().stream().filter(f -> f.ruleSet() == ruleSet).toList();
        Set<String> rules = new HashSet<>(findings.stream().map(Finding::ruleId).toList());
        return new Assessment(a.patient(), a.asOf(), a.mode(), a.product(), a.knowledge(), Disposition.of(findings), findings,
                List.of(), a.dataGaps().stream().filter(g -> rules.contains(g.ruleId())).toList());
    }

    /** The first assessment's findings, plus those of rules it did not report; the disposition recomputed. */
    static Assessment merge(Assessment first, List<Assessment> others) {
        List<Finding> findings = new ArrayList<>(first.findings());
        Set<String> rules = new HashSet<>(first.findings().stream().map(Finding::ruleId).toList());
        Set<MonitoringItem> plan = new LinkedHashSet<>(first.monitoringPlan());
        Set<DataGap> gaps = new LinkedHashSet<>(first.dataGaps());
        for (Assessment other : others) {
            Set<String> added = new HashSet<>();
            for (Finding f : other.findings()) {
                if (!rules.contains(f.ruleId())) {
                    findings.add(f);
                    added.add(f.ruleId());
                }
            }
            other.dataGaps().stream().filter(g -> added.contains(g.ruleId())).forEach(gaps::add);
            plan.addAll(other.monitoringPlan());
            rules.addAll(added);
        }
        findings.sort(ORDER);
        return new Assessment(first.patient(), first.asOf(), first.mode(), first.product(), first.knowledge(),
                Disposition.of(findings), findings, List.copyOf(plan), List.copyOf(gaps));
    }

    private static Result silent() {
        return new Result(new CdsHooksJson.Response(List.of()), Optional.empty());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
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
