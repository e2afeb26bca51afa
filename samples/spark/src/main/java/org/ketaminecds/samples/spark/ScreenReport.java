package org.ketaminecds.samples.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.ketaminecds.core.Disposition;

/**
 * What a screening run found, in counts: the summary the job prints and writes as {@code summary.json}.
 *
 * @param patients       results written (one per patient)
 * @param assessed       patients assessed (a disposition); the others have an {@code error}
 * @param malformedLines export lines that were not FHIR resources, skipped
 * @param dispositions   patients per disposition, worst first (only those that occur)
 * @param rules          per rule id (sorted), findings per outcome ({@code FIRED}, {@code CANNOT_ASSESS})
 * @param malformed      the first malformed lines as {@code FILE:LINE: problem}, in export order (at most
 *                       {@link #MALFORMED_SHOWN}; all of them are in {@code malformed-lines/} of the output)
 */
public record ScreenReport(long patients, long assessed, long malformedLines, Map<String, Long> dispositions,
                           Map<String, Map<String, Long>> rules, List<String> malformed) {

    /** How many malformed lines a report lists. */
    public static final int MALFORMED_SHOWN = 20;

    public ScreenReport {
        dispositions = Map.copyOf(dispositions);
        rules = Map.copyOf(rules);
        malformed = List.copyOf(malformed);
    }

    /** Patients that could not be assessed (their result has an {@code error}). */
    public long notAssessed() {
        return patients - assessed;
    }

    /** The report as JSON (the output's {@code summary.json}), fields and keys in a fixed order. */
    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeNumberField("patients", patients);
            g.writeNumberField("assessed", assessed);
            g.writeNumberField("notAssessed", notAssessed());
            g.writeNumberField("malformedLines", malformedLines);
            g.writeObjectFieldStart("dispositions");
            for (Disposition d : Disposition.values()) {
                Long n = dispositions.get(d.name());
                if (n != null) {
                    g.writeNumberField(d.name(), n);
                }
            }
            g.writeEndObject();
            g.writeObjectFieldStart("rules");
            for (String rule : rules.keySet().stream().sorted().toList()) {
                g.writeObjectFieldStart(rule);
                for (String outcome : List.of("FIRED", "CANNOT_ASSESS")) {
                    Long n = rules.get(rule).get(outcome);
                    if (n != null) {
                        g.writeNumberField(outcome, n);
                    }
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("malformed");
            for (String m : malformed) {
                g.writeString(m);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + "\n";
    }
}
