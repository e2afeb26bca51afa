package org.ketaminecds.samples.cli.workbench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.AssessmentJson;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.PlannedTreatment;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.UnusableRecordException;

/** "Try a patient": one record assessed as the page asks, with what the page needs to show it. */
final class PatientTrial {

    /**
     * What the page sends: a record picked from the lists or uploaded, and how to assess it.
     *
     * @param patient a {@link Patients.Choice} id, or {@code null} with {@code bundle}
     * @param bundle  an uploaded bundle's JSON, or {@code null}
     * @param mode    {@code PRE_DOSE} or {@code pre-dose}; default candidacy
     * @param asOf    ISO-8601 date-time or date; default now
     * @param product {@code ESKETAMINE}, {@code KETAMINE}, or empty for "from the record"
     * @param route   {@code IV}, {@code INTRANASAL}, ..., or empty for "from the record"
     */
    record Request(String patient, String bundle, String mode, String asOf, String product, String route) {
    }

    /**
     * What the page shows.
     *
     * @param assessment the assessment, as {@code evaluate --format json} writes it
     * @param timeline   the chart's data
     * @param resources  each evidence resource's JSON, by its id ({@code Observation/bp1})
     */
    record Result(JsonNode assessment, Timeline timeline, Map<String, JsonNode> resources) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private PatientTrial() {
    }

    /**
     * @throws IllegalArgumentException saying what is wrong with the request or the record (never a stack trace)
     */
    static Result run(Request request, Patients patients, CdsEngine engine) {
        String bundle = request.bundle() != null && !request.bundle().isBlank() ? request.bundle()
                : patients.bundle(request.patient() == null ? "" : request.patient());
        String source = request.patient() != null ? request.patient() : "the uploaded bundle";
        PatientRecord record;
        try {
            record = FhirRecordReader.create().read(bundle, source);
        } catch (UnusableRecordException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Instant asOf = blank(request.asOf()) ? Instant.now() : EvaluationContext.parseTime(request.asOf());
        PlannedTreatment planned = PlannedTreatment.of(
                blank(request.product()) ? null : Product.valueOf(constant(request.product())),
                blank(request.route()) ? null : Route.valueOf(constant(request.route())));
        Mode mode = blank(request.mode()) ? Mode.CANDIDACY : Mode.valueOf(constant(request.mode()));
        Assessment assessment = engine.evaluate(record, new EvaluationContext(mode, asOf, planned));
        try {
            return new Result(JSON.readTree(AssessmentJson.toJson(assessment)),
                    Timeline.of(record, engine.knowledgePackage(), assessment, plannedTime(record, engine, asOf)),
                    evidence(bundle, assessment));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the assessment could not be written as JSON", e);
        }
    }

    /** A ketamine or esketamine order's planned dose time on the as-of day or later: the pre-dose T0. */
    private static Instant plannedTime(PatientRecord record, CdsEngine engine, Instant asOf) {
        return record.medications().stream()
                .filter(m -> m.plannedTime() != null && engine.isKetamineProduct(m.codes()))
                .map(m -> m.plannedTime())
                .filter(t -> !t.isBefore(asOf.minus(java.time.Duration.ofDays(1))))
                .min(Instant::compareTo).orElse(null);
    }

    /** The resources the findings cite, as the bundle has them. */
    private static Map<String, JsonNode> evidence(String bundle, Assessment assessment) throws JsonProcessingException {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode entry : JSON.readTree(bundle).path("entry")) {
            JsonNode r = entry.path("resource");
            byId.put(r.path("resourceType").asText() + "/" + r.path("id").asText(), r);
        }
        Map<String, JsonNode> cited = new LinkedHashMap<>();
        for (Finding f : assessment.findings()) {
            f.evidence().forEach(id -> {
                if (byId.containsKey(id)) {
                    cited.put(id, byId.get(id));
                }
            });
        }
        return cited;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** {@code pre-dose} and {@code PRE_DOSE} alike. */
    private static String constant(String s) {
        return s.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
