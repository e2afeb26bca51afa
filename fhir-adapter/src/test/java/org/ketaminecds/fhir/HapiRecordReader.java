package org.ketaminecds.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminecds.core.record.PatientRecord;

/**
 * The pre-issue-17 reading path, frozen: HAPI's JSON parser with {@link HapiParseProblems} as its error handler, an
 * entry-by-entry slow path, and the mapping of HAPI's model ({@link HapiResourceMapper}, {@link HapiFhirValues},
 * {@link HapiRecordPatient}). Kept only as the oracle that proves the lean {@link FhirRecordReader} gives the same
 * records (LeanReaderEquivalenceTest, LeanReaderDifferentialTest); not to be changed or used elsewhere.
 */
final class HapiRecordReader {

    /** Expensive to build (the model scan), thread-safe: one for the whole JVM. */
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    /** Only for diagnosing broken input and for the slow path; the normal path parses once, with HAPI. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** history, message and the *-response types are not one patient's data as it stands. */
    private static final Set<String> ACCEPTED_BUNDLE_TYPES = Set.of("collection", "searchset", "transaction",
            "batch", "document");

    private HapiRecordReader() {
    }

    static HapiRecordReader create() {
        return new HapiRecordReader();
    }

    /** Reads JSON text; {@code sourceName} names it in messages (e.g. the file or request name). */
    PatientRecord read(String json, String sourceName) throws UnusableRecordException {
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

        HapiParseProblems problems = new HapiParseProblems();
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
            return new HapiResourceMapper(entriesOf(bundle), sourceName).toRecord();
        }
        // Some value could not be read, and HAPI does not say in which resource: find out entry by entry.
        return readEntryByEntry(tree(text, sourceName), sourceName);
    }

    /** Reads a Bundle the host has already parsed (or built). The Bundle is not changed. */
    PatientRecord read(Bundle bundle, String sourceName) throws UnusableRecordException {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(sourceName, "sourceName");
        checkType(bundle, sourceName);
        return new HapiResourceMapper(entriesOf(bundle), sourceName).toRecord();
    }

    /**
     * Reads one patient's resources given one by one as JSON text (e.g. the lines of a FHIR Bulk Data export, in
     * any order): the same mapping as a Bundle of those resources. A text that is not a readable resource is left
     * out and listed in {@link PatientRecord#unusable()}, like an unreadable Bundle entry; exactly one of the
     * texts must be the Patient. References resolve as in a Bundle without {@code fullUrl}s ({@code Type/id}).
     */
    PatientRecord readResources(Iterable<String> resourceJson, String sourceName) throws UnusableRecordException {
        Objects.requireNonNull(resourceJson, "resourceJson");
        Objects.requireNonNull(sourceName, "sourceName");
        List<HapiBundleEntry> entries = new ArrayList<>();
        int index = 0;
        for (String text : resourceJson) {
            entries.add(parseResourceText(index++, text));
        }
        return new HapiResourceMapper(entries, sourceName, "the resources").toRecord();
    }

    /** One resource's JSON text as an entry: parsed once with HAPI; Jackson only to say what a broken one is. */
    private static HapiBundleEntry parseResourceText(int index, String text) {
        HapiParseProblems problems = new HapiParseProblems();
        try {
            Resource parsed = (Resource) parse(problems, text);
            if (problems.isEmpty()) {
                return HapiBundleEntry.parsed(index, null, parsed);
            }
            String idPart = parsed.hasIdElement() ? parsed.getIdElement().getIdPart() : null;
            return HapiBundleEntry.failed(index, null, parsed.fhirType(), idPart, problems.summary());
        } catch (DataFormatException | ClassCastException e) {
            JsonNode node;
            try {
                node = JSON.readTree(text == null ? "" : text);
            } catch (JsonProcessingException notJson) {
                return HapiBundleEntry.failed(index, null, null, null,
                        "not valid JSON: " + HapiParseProblems.clean(notJson.getOriginalMessage()));
            }
            if (node == null || !node.isObject()) {
                return HapiBundleEntry.failed(index, null, null, null, "not a JSON object");
            }
            return parseEntry(index, null, node);
        }
    }

    /**
     * HAPI's parse. On some input HAPI throws another RuntimeException (an element named {@code ""}:
     * StringIndexOutOfBoundsException), which is the same thing here: it cannot read the text.
     */
    private static IBaseResource parse(HapiParseProblems problems, String text) {
        try {
            return newParser(problems).parseResource(text);
        } catch (DataFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataFormatException("the FHIR parser cannot read it (an element name or value it does not expect)", e);
        }
    }

    private static IParser newParser(HapiParseProblems problems) {
        IParser parser = FHIR.newJsonParser();
        parser.setParserErrorHandler(problems);
        // Keep each resource's own id; HapiBundleEntry falls back to fullUrl only when there is none.
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

    private static List<HapiBundleEntry> entriesOf(Bundle bundle) {
        // Not hasEntry(): it ignores entries whose resource has no elements. getEntry() creates a list
        // only in a Bundle without entries, which is rejected anyway (no Patient).
        List<Bundle.BundleEntryComponent> bundleEntries = bundle.getEntry();
        List<HapiBundleEntry> entries = new ArrayList<>(bundleEntries.size());
        for (int i = 0; i < bundleEntries.size(); i++) {
            Bundle.BundleEntryComponent entry = bundleEntries.get(i);
            if (entry.getResource() != null) { // not hasResource(): that is false for a resource with no elements
                entries.add(HapiBundleEntry.parsed(i, entry.hasFullUrl() ? entry.getFullUrl() : null, entry.getResource()));
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
                    "not valid JSON" + location + ": " + HapiParseProblems.clean(e.getOriginalMessage()), e);
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
        List<HapiBundleEntry> entries = new ArrayList<>(entryList.size());
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
        return new HapiResourceMapper(entries, sourceName).toRecord();
    }

    private static HapiBundleEntry parseEntry(int index, String fullUrl, JsonNode resource) {
        if (!resource.isObject()) {
            return HapiBundleEntry.failed(index, fullUrl, null, null, "the entry's resource is not a JSON object");
        }
        JsonNode typeNode = resource.get("resourceType");
        JsonNode idNode = resource.get("id");
        String type = typeNode != null && typeNode.isTextual() ? typeNode.asText() : null;
        String idPart = idNode != null && idNode.isValueNode() ? idNode.asText() : null;
        HapiParseProblems problems = new HapiParseProblems();
        try {
            Resource parsed = (Resource) parse(problems, resource.toString());
            return problems.isEmpty()
                    ? HapiBundleEntry.parsed(index, fullUrl, parsed)
                    : HapiBundleEntry.failed(index, fullUrl, type, idPart, problems.summary());
        } catch (DataFormatException e) {
            return HapiBundleEntry.failed(index, fullUrl, type, idPart, HapiParseProblems.clean(e.getMessage()));
        }
    }
}
