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

}
