package org.ketaminecds.samples.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the job needs to know about an export line besides its patient ({@code PopulationScreen.patientOf}): the type
 * and id of a resource that names no patient, and the references a patient's resource makes. Streaming reads, no
 * tree; a line that cannot be read answers null or nothing (the screen itself reports unreadable resources).
 */
final class ExportLines {

    /**
     * Resources that name no patient but that a patient's resources point at (medicationReference, an Encounter's
     * serviceProvider or location): kept and handed to each patient that references them, as the library's reader
     * does (CONTRACT-bulk.md, "Grouping rule"). Other patient-less resources are not needed.
     */
    static final Set<String> REFERENCED_TYPES = Set.of("Medication", "Organization", "Location");

    private static final JsonFactory JSON = new JsonFactory();

    private ExportLines() {
    }

    /** {@code Type/id} of a resource line (top-level {@code resourceType} and {@code id}), or null when it has none. */
    static String typeAndId(String line) {
        String type = null;
        String id = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME && (type == null || id == null)) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("resourceType".equals(field) && value == JsonToken.VALUE_STRING) {
                    type = p.getText();
                } else if ("id".equals(field) && value == JsonToken.VALUE_STRING) {
                    id = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return type == null || id == null || id.isBlank() ? null : type + "/" + id;
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
     * The {@code Type/id} keys a resource line may point at through any {@code reference} at any depth, among
     * {@link #REFERENCED_TYPES}: {@code [base/]Type/id[/_history/n]} gives {@code Type/id}; {@code urn:uuid:x} (a
     * Bundle-style reference, as Synthea writes) gives {@code Type/x} for each of those types.
     */
    static List<String> referencedKeys(String line) {
        List<String> keys = new ArrayList<>();
        try (JsonParser p = JSON.createParser(line)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.VALUE_STRING && "reference".equals(p.currentName())) {
                    addKeys(p.getText(), keys);
                }
            }
        } catch (IOException e) {
            // what was read so far is all this line offers; the screen reports the broken resource
        }
        return keys;
    }

    private static void addKeys(String reference, List<String> keys) {
        if (reference.startsWith("urn:uuid:")) {
            String id = reference.substring("urn:uuid:".length());
            if (!id.isBlank()) {
                for (String type : REFERENCED_TYPES) {
                    keys.add(type + "/" + id);
                }
            }
            return;
        }
        String path = reference;
        int history = path.indexOf("/_history/");
        if (history >= 0) {
            path = path.substring(0, history);
        }
        int idSlash = path.lastIndexOf('/');
        if (idSlash <= 0 || idSlash == path.length() - 1) {
            return;
        }
        int typeSlash = path.lastIndexOf('/', idSlash - 1);
        String type = path.substring(typeSlash + 1, idSlash);
        if (REFERENCED_TYPES.contains(type)) {
            keys.add(type + "/" + path.substring(idSlash + 1));
        }
    }
}
