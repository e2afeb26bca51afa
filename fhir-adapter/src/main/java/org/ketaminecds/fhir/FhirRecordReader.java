package org.ketaminecds.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
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
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminecds.core.record.PatientRecord;

/**
 * Reads one patient's FHIR R4 Bundle (JSON) into a {@link PatientRecord}, following the
 * knowledge base §2.5. Thread-safe: it holds no mutable state, and makes a parser per call.
 *
 * <p>A file that is not one patient's Bundle fails with {@link UnusableRecordException}. A resource
 * with a value that cannot be read (a date that is no date, a number that is text) is left out
 * and listed in {@link PatientRecord#unusable()}; a broken Patient makes the whole record unusable. A resource that
 * is not the record's patient's (its {@code subject}, {@code patient} or {@code beneficiary} names someone else, or
 * no one) is left out and listed the same way.
 *
 * <p>Files are read only when they are regular files of at most {@link #maxFileBytes} (default
 * {@value #DEFAULT_MAX_FILE_BYTES} bytes): a FIFO or a device would block or never end, and one record bigger than
 * that is not one patient's record but a way to exhaust the heap.
 */
public final class FhirRecordReader {

    /** Expensive to build (the model scan), thread-safe: one for the whole JVM. */
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    /** Only for diagnosing broken input and for the slow path; the normal path parses once, with HAPI. */
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
     * A reader that reads files of up to {@code bytes} (the heap needs about five times that: the text, and HAPI's
     * parsed model at about 3.5 times it).
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

        ParseProblems problems = new ParseProblems();
        IBaseResource parsed;
        try {
            parsed = parse(problems, text);
        } catch (DataFormatException e) {
            return readDamaged(text, sourceName, e);
        }
        if (!(parsed instanceof Bundle bundle)) {
            throw new UnusableRecordException(sourceName, "not a FHIR Bundle (resourceType is " + parsed.fhirType() + ")");
        }
        checkType(bundle, sourceName);
        if (problems.isEmpty()) {
            return new ResourceMapper(entriesOf(bundle), sourceName).toRecord();
        }
        // Some value could not be read, and HAPI does not say in which resource: find out entry by entry.
        return readEntryByEntry(tree(text, sourceName), sourceName);
    }

    /** Reads a Bundle the host has already parsed (or built). The Bundle is not changed. */
    public PatientRecord read(Bundle bundle, String sourceName) throws UnusableRecordException {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(sourceName, "sourceName");
        checkType(bundle, sourceName);
        return new ResourceMapper(entriesOf(bundle), sourceName).toRecord();
    }

    /**
     * Reads one patient's resources given one by one as JSON text (e.g. the lines of a FHIR Bulk Data export, in
     * any order): the same mapping as a Bundle of those resources. A text that is not a readable resource is left
     * out and listed in {@link PatientRecord#unusable()}, like an unreadable Bundle entry; exactly one of the
     * texts must be the Patient. References resolve as in a Bundle without {@code fullUrl}s ({@code Type/id}).
     */
    public PatientRecord readResources(Iterable<String> resourceJson, String sourceName) throws UnusableRecordException {
        Objects.requireNonNull(resourceJson, "resourceJson");
        Objects.requireNonNull(sourceName, "sourceName");
        List<BundleEntry> entries = new ArrayList<>();
        int index = 0;
        for (String text : resourceJson) {
            entries.add(parseResourceText(index++, text));
        }
        return new ResourceMapper(entries, sourceName, "the resources").toRecord();
    }

    /** One resource's JSON text as an entry: parsed once with HAPI; Jackson only to say what a broken one is. */
    private static BundleEntry parseResourceText(int index, String text) {
        ParseProblems problems = new ParseProblems();
        try {
            Resource parsed = (Resource) parse(problems, text);
            if (problems.isEmpty()) {
                return BundleEntry.parsed(index, null, parsed);
            }
            String idPart = parsed.hasIdElement() ? parsed.getIdElement().getIdPart() : null;
            return BundleEntry.failed(index, null, parsed.fhirType(), idPart, problems.summary());
        } catch (DataFormatException | ClassCastException e) {
            JsonNode node;
            try {
                node = JSON.readTree(text == null ? "" : text);
            } catch (JsonProcessingException notJson) {
                return BundleEntry.failed(index, null, null, null,
                        "not valid JSON: " + ParseProblems.clean(notJson.getOriginalMessage()));
            }
            if (node == null || !node.isObject()) {
                return BundleEntry.failed(index, null, null, null, "not a JSON object");
            }
            return parseEntry(index, null, node);
        }
    }

    /**
     * HAPI's parse. On some input HAPI throws another RuntimeException (an element named {@code ""}:
     * StringIndexOutOfBoundsException), which is the same thing here: it cannot read the text.
     */
    private static IBaseResource parse(ParseProblems problems, String text) {
        try {
            return newParser(problems).parseResource(text);
        } catch (DataFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataFormatException("the FHIR parser cannot read it (an element name or value it does not expect)", e);
        }
    }

    private static IParser newParser(ParseProblems problems) {
        IParser parser = FHIR.newJsonParser();
        parser.setParserErrorHandler(problems);
        // Keep each resource's own id; BundleEntry falls back to fullUrl only when there is none.
        parser.setOverrideResourceIdWithBundleEntryFullUrl(false);
        return parser;
    }

    private static void checkType(Bundle bundle, String sourceName) throws UnusableRecordException {
        // The text, not the enum: HAPI leaves an unknown type code as text with a null value.
        checkType(bundle.hasTypeElement() ? bundle.getTypeElement().getValueAsString() : null, sourceName);
    }

    private static void checkType(String type, String sourceName) throws UnusableRecordException {
        if (type != null && !ACCEPTED_BUNDLE_TYPES.contains(type)) {
            throw new UnusableRecordException(sourceName, "the Bundle type is '" + type
                    + "'; expected collection, searchset, transaction, batch or document");
        }
    }

    private static List<BundleEntry> entriesOf(Bundle bundle) {
        // Not hasEntry(): it ignores entries whose resource has no elements. getEntry() creates a list
        // only in a Bundle without entries, which is rejected anyway (no Patient).
        List<Bundle.BundleEntryComponent> bundleEntries = bundle.getEntry();
        List<BundleEntry> entries = new ArrayList<>(bundleEntries.size());
        for (int i = 0; i < bundleEntries.size(); i++) {
            Bundle.BundleEntryComponent entry = bundleEntries.get(i);
            if (entry.getResource() != null) { // not hasResource(): that is false for a resource with no elements
                entries.add(BundleEntry.parsed(i, entry.hasFullUrl() ? entry.getFullUrl() : null, entry.getResource()));
            }
        }
        return entries;
    }

    /** HAPI gave up on the whole text: say why in the reader's terms, or read what can be read. */
    private static PatientRecord readDamaged(String text, String sourceName, DataFormatException hapiError)
            throws UnusableRecordException {
        JsonNode root = tree(text, sourceName);
        if (!root.isObject()) {
            throw new UnusableRecordException(sourceName, "not a FHIR Bundle (the JSON is "
                    + (root.isArray() ? "a list" : "a single value") + ", not an object)", hapiError);
        }
        JsonNode resourceType = root.get("resourceType");
        if (resourceType == null || !resourceType.isTextual()) {
            throw new UnusableRecordException(sourceName, "not a FHIR resource (no resourceType)", hapiError);
        }
        if (!"Bundle".equals(resourceType.asText())) {
            throw new UnusableRecordException(sourceName,
                    "not a FHIR Bundle (resourceType is " + resourceType.asText() + ")", hapiError);
        }
        // A Bundle with a broken entry (e.g. an unknown resource type): keep the readable entries.
        return readEntryByEntry(root, sourceName);
    }

    private static JsonNode tree(String text, String sourceName) throws UnusableRecordException {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String location = where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
            throw new UnusableRecordException(sourceName,
                    "not valid JSON" + location + ": " + ParseProblems.clean(e.getOriginalMessage()), e);
        }
    }

    /**
     * The slow path: each entry's resource parsed on its own, so that a value HAPI cannot read
     * excludes only that resource.
     */
    private static PatientRecord readEntryByEntry(JsonNode bundle, String sourceName) throws UnusableRecordException {
        JsonNode type = bundle.get("type");
        checkType(type != null && type.isTextual() ? type.asText() : null, sourceName);
        JsonNode entryNodes = bundle.path("entry");
        // HAPI reads a single object where a list is expected as a list of one; so does this.
        List<JsonNode> entryList = new ArrayList<>();
        if (entryNodes.isArray()) {
            entryNodes.forEach(entryList::add);
        } else if (entryNodes.isObject()) {
            entryList.add(entryNodes);
        }
        List<BundleEntry> entries = new ArrayList<>(entryList.size());
        for (int i = 0; i < entryList.size(); i++) {
            JsonNode entry = entryList.get(i);
            JsonNode fullUrlNode = entry.get("fullUrl");
            String fullUrl = fullUrlNode != null && fullUrlNode.isTextual() ? fullUrlNode.asText() : null;
            JsonNode resource = entry.get("resource");
            if (resource == null || resource.isNull()) {
                continue; // e.g. a DELETE in a transaction
            }
            entries.add(parseEntry(i, fullUrl, resource));
        }
        return new ResourceMapper(entries, sourceName).toRecord();
    }

    private static BundleEntry parseEntry(int index, String fullUrl, JsonNode resource) {
        if (!resource.isObject()) {
            return BundleEntry.failed(index, fullUrl, null, null, "the entry's resource is not a JSON object");
        }
        JsonNode typeNode = resource.get("resourceType");
        JsonNode idNode = resource.get("id");
        String type = typeNode != null && typeNode.isTextual() ? typeNode.asText() : null;
        String idPart = idNode != null && idNode.isValueNode() ? idNode.asText() : null;
        ParseProblems problems = new ParseProblems();
        try {
            Resource parsed = (Resource) parse(problems, resource.toString());
            return problems.isEmpty()
                    ? BundleEntry.parsed(index, fullUrl, parsed)
                    : BundleEntry.failed(index, fullUrl, type, idPart, problems.summary());
        } catch (DataFormatException e) {
            return BundleEntry.failed(index, fullUrl, type, idPart, ParseProblems.clean(e.getMessage()));
        }
    }
}
