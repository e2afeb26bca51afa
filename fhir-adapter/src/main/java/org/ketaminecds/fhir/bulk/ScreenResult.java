package org.ketaminecds.fhir.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ketaminecds.core.Disposition;

/**
 * The screening result of one patient: one line of {@code results.ndjson}.
 *
 * <pre>{@code
 * {"patient":"Patient/123","disposition":"CAUTION","findings":[{"ruleId":"KET-CAND-004","outcome":"FIRED",
 *  "severity":"WARNING","contraindication":"RELATIVE"}],"knowledge":{"id":"ketamine-cds-rules","version":"0.1.0"}}
 * {"patient":"Patient/456","findings":[],"knowledge":{...},"error":"the resources have no Patient"}
 * }</pre>
 *
 * @param patient          {@code Patient/<id>}
 * @param disposition      the assessment's disposition; {@code null} exactly when {@code error} is set
 * @param findings         as the assessment orders them (severity, critical first, then rule id); empty on error
 * @param knowledgeId      the knowledge package's id
 * @param knowledgeVersion the knowledge package's version
 * @param error            why the patient could not be assessed (one line, no stack trace), or {@code null}
 */
public record ScreenResult(String patient, Disposition disposition, List<ScreenFinding> findings,
                           String knowledgeId, String knowledgeVersion, String error) {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    public ScreenResult {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(knowledgeId, "knowledgeId");
        Objects.requireNonNull(knowledgeVersion, "knowledgeVersion");
        findings = List.copyOf(findings);
        if ((disposition == null) == (error == null)) {
            throw new IllegalArgumentException("a result has either a disposition or an error: " + patient);
        }
    }

    /** Whether the patient was assessed ({@code error} is null). */
    public boolean assessed() {
        return error == null;
    }

    /**
     * One NDJSON line, without the line break. Fields in this order: patient, disposition, findings (ruleId,
     * outcome, severity, contraindication), knowledge (id, version), error; a null field is left out. The same
     * result always gives the same bytes.
     */
    public String toJson() {
        StringWriter out = new StringWriter(128 + 96 * findings.size());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("patient", patient);
            if (disposition != null) {
                g.writeStringField("disposition", disposition.name());
            }
            g.writeArrayFieldStart("findings");
            for (ScreenFinding f : findings) {
                g.writeStartObject();
                g.writeStringField("ruleId", f.ruleId());
                g.writeStringField("outcome", f.outcome());
                g.writeStringField("severity", f.severity());
                if (f.contraindication() != null) {
                    g.writeStringField("contraindication", f.contraindication());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("knowledge");
            g.writeStringField("id", knowledgeId);
            g.writeStringField("version", knowledgeVersion);
            g.writeEndObject();
            if (error != null) {
                g.writeStringField("error", error);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Reads a line that {@link #toJson()} wrote.
     *
     * @throws IllegalArgumentException when the line is not such a result
     */
    public static ScreenResult fromJson(String line) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Objects.requireNonNull(line, "line"));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a screening result: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a screening result: not a JSON object");
        }
        List<ScreenFinding> findings = new ArrayList<>();
        for (JsonNode f : root.path("findings")) {
            findings.add(new ScreenFinding(required(f, "ruleId"), required(f, "outcome"), required(f, "severity"),
                    optional(f, "contraindication")));
        }
        String disposition = optional(root, "disposition");
        try {
            return new ScreenResult(required(root, "patient"),
                    disposition == null ? null : Disposition.valueOf(disposition), findings,
                    required(root.path("knowledge"), "id"), required(root.path("knowledge"), "version"),
                    optional(root, "error"));
        } catch (NullPointerException e) {
            throw new IllegalArgumentException("not a screening result: " + e.getMessage(), e);
        }
    }

    private static String required(JsonNode node, String field) {
        String value = optional(node, field);
        if (value == null) {
            throw new IllegalArgumentException("not a screening result: no '" + field + "'");
        }
        return value;
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
