package org.ketaminecds.fhir.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Objects;

/**
 * What the grouping needs to know of one NDJSON line, read with a streaming parser (no tree, values skipped).
 *
 * @param resourceType the resource type
 * @param id           the resource's id, or {@code null}
 * @param patient      the patient it belongs to (see {@link PopulationScreen#patientOf}), or {@code null}
 */
record ResourceLine(String resourceType, String id, String patient) {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String PATIENT_PREFIX = "Patient/";

    /** @throws MalformedLineException when the line is not a JSON object with a resourceType */
    static ResourceLine read(String line) {
        Objects.requireNonNull(line, "line");
        String resourceType = null;
        String id = null;
        String subject = null;
        String patient = null;
        String beneficiary = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedLineException(line.isBlank() ? "a blank line" : "not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "resourceType" -> resourceType = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "id" -> id = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "subject" -> subject = reference(p, value);
                    case "patient" -> patient = reference(p, value);
                    case "beneficiary" -> beneficiary = reference(p, value);
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new MalformedLineException("not valid JSON (the object does not end)");
            }
            if (p.nextToken() != null) {
                throw new MalformedLineException("not valid JSON (text after the object)");
            }
        } catch (JsonParseException e) {
            String column = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new MalformedLineException("not valid JSON" + column + ": " + clean(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new MalformedLineException("not valid JSON: " + e.getMessage(), e);
        }
        if (resourceType == null || resourceType.isBlank()) {
            throw new MalformedLineException("not a FHIR resource (no resourceType)");
        }
        String owner;
        if ("Patient".equals(resourceType)) {
            owner = id == null || id.isBlank() ? null : id;
        } else {
            owner = patientIn(subject);
            if (owner == null) {
                owner = patientIn(patient);
            }
            if (owner == null) {
                owner = patientIn(beneficiary);
            }
        }
        if (owner != null && hasControlCharacter(owner)) {
            throw new MalformedLineException("the patient id has control characters");
        }
        return new ResourceLine(resourceType, id, owner);
    }

    /** {@code Type/id}, the key other resources reference it by; null without an id. */
    String reference() {
        return id == null ? null : resourceType + "/" + id;
    }

    /** The {@code reference} of a Reference object (the parser is on its START_OBJECT); other values are skipped. */
    private static String reference(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String reference = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if ("reference".equals(field) && v == JsonToken.VALUE_STRING) {
                reference = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return reference;
    }

    /** {@code x} of {@code [base/]Patient/x[/_history/n]} or {@code urn:uuid:x}; null for anything else. */
    static String patientIn(String reference) {
        if (reference == null) {
            return null;
        }
        if (reference.startsWith("urn:uuid:")) {
            String uuid = reference.substring("urn:uuid:".length());
            return uuid.isBlank() ? null : uuid;
        }
        int at;
        if (reference.startsWith(PATIENT_PREFIX)) {
            at = 0;
        } else {
            int slash = reference.lastIndexOf("/" + PATIENT_PREFIX);
            if (slash < 0) {
                return null;
            }
            at = slash + 1;
        }
        String rest = reference.substring(at + PATIENT_PREFIX.length());
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        return id.isBlank() ? null : id;
    }

    /**
     * Jackson's message without its source pointer, and without the text it quotes (an unrecognized token may be
     * a patient's name): messages go to logs and terminals.
     */
    private static String clean(String message) {
        if (message == null) {
            return "unreadable";
        }
        String m = message.replaceAll("\\s*\\(start marker at \\[Source.*$", "").replaceAll("\\s*at \\[Source.*$", "");
        int newline = m.indexOf('\n');
        return (newline < 0 ? m : m.substring(0, newline)).replaceAll("Unrecognized token '[^']*'", "Unrecognized token '...'").strip();
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 0x20) {
                return true;
            }
        }
        return false;
    }
}
