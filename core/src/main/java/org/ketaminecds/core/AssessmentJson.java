package org.ketaminecds.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link Assessment} as the JSON of DESIGN.md ("--format json"): fields in a fixed order, so the same
 * assessment always gives the same bytes.
 */
public final class AssessmentJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));

    private AssessmentJson() {
    }

    /** Indented JSON of one assessment. */
    public static String toJson(Assessment assessment) {
        return toJson(List.of(assessment), false);
    }

    /** One object for one assessment; an array when {@code asArray} (several input files). */
    public static String toJson(List<Assessment> assessments, boolean asArray) {
        StringWriter out = new StringWriter(4096);
        write(assessments, asArray, true, out);
        return out.toString();
    }

    /** Compact JSON on one line (NDJSON, HTTP responses). */
    public static String toCompactJson(Assessment assessment) {
        StringWriter out = new StringWriter(2048);
        write(List.of(assessment), false, false, out);
        return out.toString();
    }

    private static void write(List<Assessment> assessments, boolean asArray, boolean pretty, Writer out) {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(PRETTY);
            }
            if (asArray) {
                g.writeStartArray();
            }
            for (Assessment a : assessments) {
                assessment(g, a);
            }
            if (asArray) {
                g.writeEndArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assessment(JsonGenerator g, Assessment a) throws IOException {
        g.writeStartObject();
        g.writeStringField("patient", a.patient());
        g.writeStringField("asOf", a.asOf().toString());
        g.writeStringField("mode", a.mode().name());
        if (a.product() != null) {
            g.writeStringField("product", a.product().name());
        }
        g.writeObjectFieldStart("knowledge");
        g.writeStringField("id", a.knowledge().id());
        g.writeStringField("version", a.knowledge().version());
        g.writeStringField("sha256", a.knowledge().sha256());
        g.writeStringField("source", a.knowledge().source().name());
        if (a.knowledge().signedBy() != null) {
            g.writeStringField("signedBy", a.knowledge().signedBy());
        }
        g.writeEndObject();
        g.writeStringField("disposition", a.disposition().name());
        g.writeStringField("disclaimer", a.disclaimer());
        g.writeArrayFieldStart("findings");
        for (Finding f : a.findings()) {
            finding(g, f);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("monitoringPlan");
        for (MonitoringItem m : a.monitoringPlan()) {
            g.writeStartObject();
            g.writeStringField("what", m.what());
            g.writeStringField("code", m.code());
            g.writeObjectFieldStart("due");
            g.writeStringField("start", text(m.dueStart()));
            g.writeStringField("end", text(m.dueEnd()));
            g.writeEndObject();
            g.writeStringField("ruleId", m.ruleId());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("dataGaps");
        for (DataGap d : a.dataGaps()) {
            g.writeStartObject();
            g.writeStringField("ruleId", d.ruleId());
            g.writeStringField("input", d.input());
            g.writeStringField("reason", d.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void finding(JsonGenerator g, Finding f) throws IOException {
        g.writeStartObject();
        g.writeStringField("ruleId", f.ruleId());
        g.writeStringField("ruleSet", f.ruleSet().name());
        g.writeStringField("outcome", f.outcome().name());
        g.writeStringField("severity", f.severity().name());
        if (f.contraindication() != null) {
            g.writeStringField("contraindication", f.contraindication().name());
        }
        if (f.product() != null) {
            g.writeStringField("product", f.product().name());
        }
        g.writeStringField("summary", f.summary());
        g.writeStringField("detail", f.detail());
        g.writeStringField("reason", f.reason());
        strings(g, "evidence", f.evidence());
        g.writeObjectFieldStart("thresholds");
        for (Map.Entry<String, Number> t : new java.util.TreeMap<>(f.thresholds()).entrySet()) {
            g.writeFieldName(t.getKey());
            Number n = t.getValue();
            if (n instanceof Long || n instanceof Integer) {
                g.writeNumber(n.longValue());
            } else {
                g.writeNumber(n.doubleValue());
            }
        }
        g.writeEndObject();
        strings(g, "sources", f.sources());
        strings(g, "suggestions", f.suggestions());
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
