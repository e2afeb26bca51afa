package org.ketaminecds.fhir;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.ketaminecds.core.record.PatientRecord;

/**
 * Reads one patient's FHIR R4 Bundle (JSON) into a {@link PatientRecord}, following the
 * knowledge base §2.5. Thread-safe: it holds no mutable state.
 *
 * <p>The JSON is read with Jackson, as a tree, straight into the record ({@link ResourceMapper}, the one mapping of
 * FHIR elements to the record's values): no FHIR model is built, and no {@code FhirContext} is made, except for a
 * Bundle a host hands in as a HAPI object ({@link #read(Bundle, String)}), which HAPI encodes to JSON first. A tree,
 * not a token stream: references and {@code urn:uuid:} fullUrls are resolved across entries and a Bundle's entries
 * come in any order, so the mapping needs the whole Bundle at hand, and Jackson's tokens alone cost three quarters of
 * its tree (86 against 116 µs for a 50-resource Bundle): streaming would save little (docs/performance.md, "Lean
 * reader").
 *
 * <p><b>What is checked.</b> Every value the record reads is checked as FHIR R4 types it (dates, numbers, booleans,
 * the JSON type of each element, one value where one is allowed), with the messages HAPI's parser gave, and a
 * resource with a bad one is left out and reported. Elements the record never reads (a note's time, a name's
 * family, an extension's value...) are not checked, so a bad value there no longer excludes the resource: it cannot
 * change an answer, because no rule sees it, and excluding a resource for it would hide the values a rule needs
 * (docs/clinical-choices.md, "Which values the reader checks").
 *
 * <p>A file that is not one patient's Bundle fails with {@link UnusableRecordException}. A resource
 * with a value that cannot be read (a date that is no date, a number that is text) is left out
 * and listed in {@link PatientRecord#unusable()}; a Patient with such a value (its id, birth date, gender or
 * identifiers) makes the whole record unusable. A resource that
 * is not the record's patient's (its {@code subject}, {@code patient} or {@code beneficiary} names someone else, or
 * no one) is left out and listed the same way.
 *
 * <p>Files are read only when they are regular files of at most {@link #maxFileBytes} (default
 * {@value #DEFAULT_MAX_FILE_BYTES} bytes): a FIFO or a device would block or never end, and one record bigger than
 * that is not one patient's record but a way to exhaust the heap.
 */
public final class FhirRecordReader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** history, message and the *-response types are not one patient's data as it stands. */
    private static final Set<String> ACCEPTED_BUNDLE_TYPES = Set.of("collection", "searchset", "transaction",
            "batch", "document");

    /** The largest file {@link #read(Path)} reads by default: 64 MB, 23 times the largest Synthea patient Bundle. */
    public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;

    private final long maxFileBytes;

    private FhirRecordReader(long maxFileBytes) {
        this.maxFileBytes = maxFileBytes;
    }

    public static FhirRecordReader create() {
        return new FhirRecordReader(DEFAULT_MAX_FILE_BYTES);
    }

    /**
     * A reader that reads files of up to {@code bytes} (the heap needs a few times that: the text, and its JSON
     * tree).
     */
    public FhirRecordReader maxFileBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive, not " + bytes);
        }
        return new FhirRecordReader(bytes);
    }

    /** Reads a file; its path, as given, names it in messages. */
    public PatientRecord read(Path file) throws UnusableRecordException {
        return read(readText(file), file.toString());
    }

    /**
     * A record file's text, checked before anything is parsed: a regular file (not a FIFO, a device or a folder), of
     * at most {@link #maxFileBytes}, UTF-8 text without NUL bytes. For hosts that look at the text first (e.g. to
     * tell a CDS Hooks request from a Bundle) and then {@link #read(String, String) read} it.
     */
    public String readText(Path file) throws UnusableRecordException {
        String sourceName = file.toString();
        byte[] bytes;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                throw new UnusableRecordException(sourceName, "a folder, not a file");
            }
            if (!attributes.isRegularFile()) {
                throw new UnusableRecordException(sourceName, "not a regular file (a pipe, socket or device is not read)");
            }
            if (attributes.size() > maxFileBytes) {
                throw tooBig(sourceName, attributes.size());
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileBytes + 1));
            }
            if (bytes.length > maxFileBytes) {
                throw tooBig(sourceName, bytes.length); // it grew after it was measured
            }
        } catch (NoSuchFileException e) {
            throw new UnusableRecordException(sourceName, "the file does not exist", e);
        } catch (AccessDeniedException e) {
            throw new UnusableRecordException(sourceName, "the file cannot be read (access denied)", e);
        } catch (IOException e) {
            throw new UnusableRecordException(sourceName,
                    "the file cannot be read (" + Objects.requireNonNullElse(e.getMessage(), "I/O error") + ")", e);
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new UnusableRecordException(sourceName, "binary content, not JSON");
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UnusableRecordException(sourceName, "binary content, not JSON (not UTF-8 text)", e);
        }
        return text;
    }

    private UnusableRecordException tooBig(String sourceName, long size) {
        return new UnusableRecordException(sourceName, "the file is " + String.format(java.util.Locale.ROOT, "%,d", size)
                + " bytes, more than the " + String.format(java.util.Locale.ROOT, "%,d", maxFileBytes)
                + " bytes one record may have");
    }

    /** Reads JSON text; {@code sourceName} names it in messages (e.g. the file or request name). */
    public PatientRecord read(String json, String sourceName) throws UnusableRecordException {
        Objects.requireNonNull(sourceName, "sourceName");
        String text = json == null ? "" : json;
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a UTF-8 byte order mark, which some editors write
        }
        if (text.isBlank()) {
            throw new UnusableRecordException(sourceName, "the file is empty");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw new UnusableRecordException(sourceName, "binary content, not JSON");
        }
        return read(tree(text, sourceName), sourceName);
    }

    /**
     * Reads a Bundle the host already holds as a Jackson tree (e.g. the CDS Hooks service, which builds it from the
     * prefetch); the tree is not changed.
     */
    public PatientRecord read(JsonNode bundle, String sourceName) throws UnusableRecordException {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(sourceName, "sourceName");
        if (!bundle.isObject()) {
            throw new UnusableRecordException(sourceName, "not a FHIR Bundle (the JSON is "
                    + (bundle.isArray() ? "a list" : "a single value") + ", not an object)");
        }
        JsonNode resourceType = bundle.get("resourceType");
        if (resourceType == null || !resourceType.isTextual()) {
            throw new UnusableRecordException(sourceName, "not a FHIR resource (no resourceType)");
        }
        if (!"Bundle".equals(resourceType.asText())) {
            throw new UnusableRecordException(sourceName, "not a FHIR Bundle (resourceType is " + resourceType.asText() + ")");
        }
        // A problem in the Bundle's own elements loses no patient data: only its type matters.
        String type = new FhirElements().text(bundle, "type");
        if (type != null && !ACCEPTED_BUNDLE_TYPES.contains(type)) {
            throw new UnusableRecordException(sourceName, "the Bundle type is '" + type
                    + "'; expected collection, searchset, transaction, batch or document");
        }
        JsonNode entryNodes = bundle.path("entry");
        // One object where a list is expected is a list of one, as FHIR's JSON parsers read it.
        List<JsonNode> entryList = entryNodes.isObject() ? List.of(entryNodes) : new ArrayList<>();
        if (entryNodes.isArray()) {
            entryNodes.forEach(entryList::add);
        }
        List<BundleEntry> entries = new ArrayList<>(entryList.size());
        for (int i = 0; i < entryList.size(); i++) {
            JsonNode entry = entryList.get(i);
            JsonNode resource = entry.get("resource");
            if (resource == null || resource.isNull()) {
                continue; // e.g. a DELETE in a transaction
            }
            entries.add(entry(i, new FhirElements().text(entry, "fullUrl"), resource,
                    "the entry's resource is not a JSON object"));
        }
        return new ResourceMapper(entries, sourceName, "the Bundle").toRecord();
    }

    /**
     * Reads a Bundle the host has already parsed (or built), through HAPI's JSON encoder: the same reading as the
     * Bundle's JSON. The Bundle is not changed.
     */
    public PatientRecord read(Bundle bundle, String sourceName) throws UnusableRecordException {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(sourceName, "sourceName");
        return read(tree(Hapi.FHIR.newJsonParser().encodeResourceToString(bundle), sourceName), sourceName);
    }

    /** HAPI's context, made only for hosts that hand in HAPI objects: it takes seconds to build. */
    private static final class Hapi {
        static final FhirContext FHIR = FhirContext.forR4Cached();
    }

    /**
     * Reads one patient's resources given one by one as JSON text (e.g. the lines of a FHIR Bulk Data export, in
     * any order): the same mapping as a Bundle of those resources. A text that is not a readable resource is left
     * out and listed in {@link PatientRecord#unusable()}, like an unreadable Bundle entry; exactly one of the
     * texts must be the Patient. References resolve as in a Bundle without {@code fullUrl}s ({@code Type/id}).
     * Each text is parsed once.
     */
    public PatientRecord readResources(Iterable<String> resourceJson, String sourceName) throws UnusableRecordException {
        Objects.requireNonNull(resourceJson, "resourceJson");
        Objects.requireNonNull(sourceName, "sourceName");
        List<BundleEntry> entries = new ArrayList<>();
        int index = 0;
        for (String text : resourceJson) {
            entries.add(resourceLine(index++, text));
        }
        return new ResourceMapper(entries, sourceName, "the resources").toRecord();
    }

    private static BundleEntry resourceLine(int index, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text == null ? "" : text);
        } catch (JsonProcessingException notJson) {
            return BundleEntry.failed(index, null, null, null, "not valid JSON: " + firstLine(notJson.getOriginalMessage()));
        }
        return node == null ? BundleEntry.failed(index, null, null, null, "not a JSON object")
                : entry(index, null, node, "not a JSON object");
    }

    /** One resource: its type and id as the record names it, or why it is no resource of a known type. */
    private static BundleEntry entry(int index, String fullUrl, JsonNode resource, String notAnObject) {
        if (!resource.isObject()) {
            return BundleEntry.failed(index, fullUrl, null, null, notAnObject);
        }
        JsonNode typeNode = resource.get("resourceType");
        JsonNode idNode = resource.get("id");
        String type = typeNode != null && typeNode.isTextual() ? typeNode.asText() : null;
        if (type == null || type.isEmpty()) {
            return BundleEntry.failed(index, fullUrl, type, idNode != null && idNode.isValueNode() ? idNode.asText() : null,
                    "Invalid JSON content detected, missing required element: 'resourceType'");
        }
        String unknown = BundleEntry.unknownType(type);
        if (unknown != null) {
            return BundleEntry.failed(index, fullUrl, type, idNode != null && idNode.isValueNode() ? idNode.asText() : null,
                    unknown);
        }
        String id = idNode != null && idNode.isValueNode() && !idNode.isNull() ? idNode.asText() : null;
        return BundleEntry.of(index, fullUrl, type, BundleEntry.idPart(id), resource);
    }

    private static JsonNode tree(String text, String sourceName) throws UnusableRecordException {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String location = where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
            throw new UnusableRecordException(sourceName,
                    "not valid JSON" + location + ": " + firstLine(e.getOriginalMessage()), e);
        }
    }

    /** A Jackson message in one line. */
    private static String firstLine(String message) {
        String text = message == null ? "" : message;
        int lineBreak = text.indexOf('\n');
        return UnusableRecordException.oneLine(lineBreak < 0 ? text : text.substring(0, lineBreak));
    }
}
