package org.ketaminecds.samples.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the job needs to know about export lines besides their patient ({@code PopulationScreen.patientOf}), and how
 * a patient's lines are joined by the shared resources they reference. The grouping rule is the library reader's
 * ({@code BulkScreen}, CONTRACT-bulk.md "Grouping rule"), mirrored here because its helpers are not public; the job's
 * test against {@code BulkScreen} on the same export keeps the two in step.
 */
final class ExportLines {

    /**
     * Resources that name no patient but that a patient's resources point at (a medication's Medication, an
     * Encounter's Organization and Location, a prescriber's PractitionerRole): kept and handed to each patient that
     * references them. Other patient-less resources (Practitioner, Group...) are not used. The test export has one of
     * each kind, so a change on the library's side shows as a summary that differs.
     */
    static final Set<String> SHARED_TYPES = Set.of("Medication", "Organization", "Location", "PractitionerRole");
    /** How many characters of shared resources are kept, in export order; the rest are dropped (BulkScreen's default). */
    static final long SHARED_CHARS = 64L << 20;
    /** Longer lines are reported as malformed and skipped (BulkScreen's default). */
    static final int MAX_LINE_CHARS = 64 << 20;

    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern REFERENCE = Pattern.compile("\"reference\"\\s*:\\s*\"([^\"\\\\]+)\"");

    private ExportLines() {
    }

    /** {@code Type/id} of a resource line (top-level {@code resourceType} and {@code id}), or null when it has no id. */
    static String typeAndId(String line) {
        String type = null;
        String id = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("resourceType".equals(field)) {
                    type = value == JsonToken.VALUE_STRING ? p.getText() : null;
                } else if ("id".equals(field)) {
                    id = value == JsonToken.VALUE_STRING ? p.getText() : null;
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return type == null || id == null ? null : type + "/" + id;
    }

    /** The top-level {@code resourceType} of a line, or null. */
    static String resourceType(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("resourceType".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /**
     * The patient's lines followed by each shared resource they reference ({@code "reference": "[base/]Type/id"}),
     * once, in order of first mention.
     */
    static List<String> withShared(List<String> lines, Map<String, String> shared) {
        if (shared.isEmpty()) {
            return lines;
        }
        Set<String> added = null;
        for (String line : lines) {
            if (line.indexOf("\"reference\"") < 0) {
                continue;
            }
            Matcher m = REFERENCE.matcher(line);
            while (m.find()) {
                String target = shared.get(referenceKey(m.group(1)));
                if (target != null) {
                    if (added == null) {
                        added = new LinkedHashSet<>();
                    }
                    added.add(target);
                }
            }
        }
        if (added == null) {
            return lines;
        }
        List<String> all = new ArrayList<>(lines.size() + added.size());
        all.addAll(lines);
        all.addAll(added);
        return all;
    }

    /** {@code Type/id} of {@code [base/]Type/id[/_history/n]}; the text itself when it has no such form. */
    static String referenceKey(String reference) {
        String r = reference;
        int history = r.indexOf("/_history/");
        if (history >= 0) {
            r = r.substring(0, history);
        }
        int last = r.lastIndexOf('/');
        if (last <= 0) {
            return r;
        }
        int before = r.lastIndexOf('/', last - 1);
        return before < 0 ? r : r.substring(before + 1);
    }
}
