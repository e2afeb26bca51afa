package org.ketaminecds.samples.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What the job needs to know about export lines besides their patient ({@code PopulationScreen.patientOf}), and how
 * a patient's lines are joined by the shared resources they reference. The grouping rule is the library reader's
 * ({@code BulkScreen}, CONTRACT-bulk.md "Grouping rule"), mirrored here because its helpers are not public; the job's
 * test against {@code BulkScreen} on the same export keeps the two in step.
 */
final class ExportLines {

    /** How many characters of shared resources are kept, in export order; the rest are dropped (BulkScreen's default). */
    static final long SHARED_CHARS = 64L << 20;
    /** Longer lines are reported as malformed and skipped (BulkScreen's default). */
    static final int MAX_LINE_CHARS = 64 << 20;

    private static final JsonFactory JSON = new JsonFactory();

    private ExportLines() {
    }

    /** {@code Type/id} of a resource line (top-level {@code resourceType} and {@code id}), or null when it has no id. */
    static String typeAndId(String line) {
        String[] typeAndId = topLevelTypeAndId(line);
        return typeAndId[0] == null || typeAndId[1] == null ? null : typeAndId[0] + "/" + typeAndId[1];
    }

    /** The top-level {@code resourceType} of a line, or null. */
    static String resourceType(String line) {
        return topLevelTypeAndId(line)[0];
    }

    /** The top-level {@code resourceType} and {@code id} of a line, each null when absent (the id also when the line breaks). */
    private static String[] topLevelTypeAndId(String line) {
        String[] found = new String[2];
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return found;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("resourceType".equals(field)) {
                    found[0] = value == JsonToken.VALUE_STRING ? p.getText() : null;
                } else if ("id".equals(field)) {
                    found[1] = value == JsonToken.VALUE_STRING ? p.getText() : null;
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // A line broken after its resourceType still names its type (a file's type is read from its first line);
            // it names no resource.
            return new String[] {found[0], null};
        }
        return found;
    }

}
