package org.ketaminecds.fhir.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the grouping needs to know of one NDJSON line: its type, id and patient.
 *
 * <p>Two readers with one answer. {@link #read(String)} uses Jackson's streaming parser (no tree, values skipped).
 * {@link #read(byte[], int, int)}, the first pass's, scans the UTF-8 bytes by hand, about twice as fast as Jackson
 * with the decoding it needs, and hands the line to the Jackson reader whenever it is not sure: the scan accepts only
 * strict RFC 8259 JSON whose keys and read values are plain ASCII without escapes, well inside Jackson's limits, so
 * whatever it accepts Jackson accepts with the same fields; everything else (broken lines, their messages, escapes,
 * deep nesting) is Jackson's. Which patient a line goes to is a safety property: {@code ResourceLineTest} compares
 * both readers line by line.
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
        Fields f = new Fields();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedLineException(line.isBlank() ? "a blank line" : "not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "resourceType" -> f.resourceType = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "id" -> f.id = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "subject" -> f.subject = reference(p, value);
                    case "patient" -> f.patient = reference(p, value);
                    case "beneficiary" -> f.beneficiary = reference(p, value);
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
        return f.line();
    }

    /**
     * The same answer as {@link #read(String)} of the bytes decoded as UTF-8 (malformed bytes replaced, as the
     * export's reader does), found by a byte scan where it can; null for a blank line.
     *
     * @throws MalformedLineException when the line is not a JSON object with a resourceType
     */
    static ResourceLine read(byte[] utf8, int from, int to) {
        Fields f = new Scan(utf8, from, to).fields();
        if (f != null) {
            return f.line();
        }
        String line = new String(utf8, from, to - from, StandardCharsets.UTF_8);
        return line.isBlank() ? null : read(line);
    }

    /** {@code Type/id}, the key other resources reference it by; null without an id. */
    String reference() {
        return id == null ? null : resourceType + "/" + id;
    }

    /** The top-level fields that decide a line's patient, as a reader found them (the last of a repeated key). */
    private static final class Fields {
        String resourceType;
        String id;
        String subject;
        String patient;
        String beneficiary;

        ResourceLine line() {
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
    }

    /**
     * The byte scan: a strict JSON recogniser that records the fields {@link #read(String)} reads. {@link #fields()}
     * is null ("ask Jackson") for anything not plainly valid, so it never needs an error message of its own.
     */
    private static final class Scan {
        /** Far inside Jackson's StreamReadConstraints (nesting 500, numbers 1000, names 50,000 characters). */
        private static final int MAX_DEPTH = 64;
        private static final int MAX_NUMBER = 100;
        private static final int MAX_TEXT = 1000;
        private static final byte[] RESOURCE_TYPE = ascii("resourceType");
        private static final byte[] ID = ascii("id");
        private static final byte[] SUBJECT = ascii("subject");
        private static final byte[] PATIENT = ascii("patient");
        private static final byte[] BENEFICIARY = ascii("beneficiary");
        private static final byte[] REFERENCE = ascii("reference");

        /** Thrown to give up; no stack trace (it is control flow, and rare). */
        private static final RuntimeException UNSURE = new RuntimeException("unsure", null, false, false) {
        };

        private final byte[] b;
        private final int end;
        private int i;
        /** Start and end of the last key or string read. */
        private int textStart;
        private int textEnd;
        private boolean textEscaped;

        Scan(byte[] b, int from, int to) {
            this.b = b;
            this.i = from;
            this.end = to;
        }

        Fields fields() {
            try {
                Fields f = new Fields();
                space();
                expect('{');
                topObject(f);
                space();
                return i == end ? f : null;
            } catch (RuntimeException e) {
                return null; // UNSURE, or an index past the end of a cut-off line
            }
        }

        private void topObject(Fields f) {
            if (!objectStart()) {
                return;
            }
            do {
                key();
                boolean plainKey = !textEscaped;
                int ks = textStart;
                int ke = textEnd;
                if (!plainKey) {
                    throw UNSURE; // an escaped key may spell one of ours
                }
                if (is(ks, ke, RESOURCE_TYPE)) {
                    f.resourceType = stringOrSkip();
                } else if (is(ks, ke, ID)) {
                    f.id = stringOrSkip();
                } else if (is(ks, ke, SUBJECT)) {
                    f.subject = referenceOrSkip();
                } else if (is(ks, ke, PATIENT)) {
                    f.patient = referenceOrSkip();
                } else if (is(ks, ke, BENEFICIARY)) {
                    f.beneficiary = referenceOrSkip();
                } else {
                    value(1);
                }
            } while (objectNext());
        }

        /** A string value as text, or null after skipping any other value (Jackson's reading of a typed field). */
        private String stringOrSkip() {
            if (at(i) != '"') {
                value(1);
                return null;
            }
            i++;
            string();
            return text();
        }

        /** The reference of a Reference object, or null after skipping any other value. */
        private String referenceOrSkip() {
            if (at(i) != '{') {
                value(1);
                return null;
            }
            i++;
            String reference = null;
            if (!objectStart()) {
                return null;
            }
            do {
                key();
                if (textEscaped) {
                    throw UNSURE;
                }
                if (is(textStart, textEnd, REFERENCE) && at(i) == '"') {
                    i++;
                    string();
                    reference = text(); // a non-string reference keeps an earlier one, as in read(String)
                } else {
                    value(2);
                }
            } while (objectNext());
            return reference;
        }

        /** After '{': false for an empty object, else positioned on the first key's quote. */
        private boolean objectStart() {
            space();
            if (at(i) == '}') {
                i++;
                return false;
            }
            return true;
        }

        /** After a member's value: true when another member follows (on its key's quote), false at '}'. */
        private boolean objectNext() {
            space();
            byte c = at(i++);
            if (c == ',') {
                space();
                return true;
            }
            if (c == '}') {
                return false;
            }
            throw UNSURE;
        }

        /** A key and its colon; leaves the value's first byte at i. */
        private void key() {
            expect('"');
            string();
            if (textEnd - textStart > MAX_TEXT) {
                throw UNSURE;
            }
            space();
            expect(':');
            space();
        }

        private void value(int depth) {
            if (depth > MAX_DEPTH) {
                throw UNSURE;
            }
            byte c = at(i);
            switch (c) {
                case '{' -> {
                    i++;
                    if (objectStart()) {
                        do {
                            key();
                            value(depth + 1);
                        } while (objectNext());
                    }
                }
                case '[' -> {
                    i++;
                    space();
                    if (at(i) == ']') {
                        i++;
                        return;
                    }
                    while (true) {
                        value(depth + 1);
                        space();
                        byte d = at(i++);
                        if (d == ']') {
                            return;
                        }
                        if (d != ',') {
                            throw UNSURE;
                        }
                        space();
                    }
                }
                case '"' -> {
                    i++;
                    string();
                }
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> number();
            }
        }

        /** After the opening quote: to after the closing one; escapes checked, control characters refused. */
        private void string() {
            textStart = i;
            textEscaped = false;
            byte[] b = this.b;
            int k = i;
            while (true) {
                long w;
                while (k + 8 <= end && !Words.has(w = Words.at(b, k), Words.QUOTE) && !Words.has(w, Words.BACKSLASH)
                        && !Words.hasControl(w)) {
                    k += 8; // most of a line is text inside strings: skip it a word at a time
                }
                if (k >= end) {
                    throw UNSURE;
                }
                byte c = b[k];
                if (c == '"') {
                    textEnd = k;
                    i = k + 1;
                    return;
                }
                if (c == '\\') {
                    textEscaped = true;
                    k = escape(k);
                } else if (c >= 0 && c < 0x20) {
                    throw UNSURE; // bytes >= 0x80 (negative) are UTF-8 text: fine inside a string
                } else {
                    k++;
                }
            }
        }

        /** Past a valid escape at {@code k} (the backslash). */
        private int escape(int k) {
            byte e = at(k + 1);
            if (e == 'u') {
                for (int h = 2; h < 6; h++) {
                    if (Character.digit(at(k + h), 16) < 0) {
                        throw UNSURE;
                    }
                }
                return k + 6;
            }
            if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
                return k + 2;
            }
            throw UNSURE;
        }

        /** The last string read, when it is plain ASCII without escapes; else unsure. */
        private String text() {
            if (textEscaped || textEnd - textStart > MAX_TEXT) {
                throw UNSURE;
            }
            for (int k = textStart; k < textEnd; k++) {
                if (b[k] < 0) {
                    throw UNSURE;
                }
            }
            return new String(b, textStart, textEnd - textStart, StandardCharsets.ISO_8859_1);
        }

        /** RFC 8259: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
        private void number() {
            int start = i;
            if (at(i) == '-') {
                i++;
            }
            if (at(i) == '0') {
                i++;
            } else if (at(i) >= '1' && at(i) <= '9') {
                digits();
            } else {
                throw UNSURE;
            }
            if (i < end && at(i) == '.') {
                i++;
                digits();
            }
            if (i < end && (at(i) == 'e' || at(i) == 'E')) {
                i++;
                if (at(i) == '+' || at(i) == '-') {
                    i++;
                }
                digits();
            }
            if (i - start > MAX_NUMBER) {
                throw UNSURE;
            }
        }

        /** One or more digits. */
        private void digits() {
            if (at(i) < '0' || at(i) > '9') {
                throw UNSURE;
            }
            do {
                i++;
            } while (i < end && at(i) >= '0' && at(i) <= '9');
        }

        private void literal(String word) {
            for (int k = 0; k < word.length(); k++) {
                if (at(i + k) != word.charAt(k)) {
                    throw UNSURE;
                }
            }
            i += word.length();
        }

        private void space() {
            while (i < end && (at(i) == ' ' || at(i) == '\t' || at(i) == '\n' || at(i) == '\r')) {
                i++;
            }
        }

        private void expect(char c) {
            if (i >= end || at(i) != c) {
                throw UNSURE;
            }
            i++;
        }

        /** The byte at {@code k}, or 0 past the line's end (0 is refused everywhere, so a cut-off line is unsure). */
        private byte at(int k) {
            return k < end ? b[k] : 0;
        }

        private boolean is(int from, int to, byte[] word) {
            return Arrays.equals(b, from, to, word, 0, word.length);
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }
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
