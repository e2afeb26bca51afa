package org.ketaminecds.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.ResourceType;

/**
 * One {@code Bundle.entry} with a resource (or one line of a Bulk Data export): either a resource of a known type
 * ({@code resource} set; whether its values can be read is found out when it is mapped) or not readable as a resource
 * at all ({@code problem} set).
 *
 * @param index    position in {@code Bundle.entry}, from 0
 * @param fullUrl  {@code entry.fullUrl}, or {@code null}
 * @param type     the resource type, or {@code null} when the JSON names none
 * @param id       the record id, {@code <type>/<id>} (see {@link #recordId})
 * @param resource the resource's JSON object, or {@code null}
 * @param problem  why the resource could not be read, or {@code null}
 */
record BundleEntry(int index, String fullUrl, String type, String id, JsonNode resource, String problem) {

    /** R4's resource type names (HAPI's enumeration of them: no FhirContext), by their lower-case spelling. */
    private static final Map<String, String> RESOURCE_TYPES = Arrays.stream(ResourceType.values())
            .map(ResourceType::name).collect(Collectors.toUnmodifiableMap(t -> t.toLowerCase(Locale.ROOT), Function.identity()));

    /** Why {@code type} is no R4 resource type, in the FHIR parser's words; {@code null} when it is one. */
    static String unknownType(String type) {
        String known = RESOURCE_TYPES.get(type.toLowerCase(Locale.ROOT));
        if (type.equals(known)) {
            return null;
        }
        return known != null
                ? "Unknown resource type '" + type + "': Resource names are case sensitive, found similar name: '" + known + "'"
                : "Unknown resource name \"" + type + "\" (this name is not known in FHIR version \"R4\")";
    }

    static BundleEntry of(int index, String fullUrl, String type, String idPart, JsonNode resource) {
        return new BundleEntry(index, fullUrl, type, recordId(type, idPart, fullUrl, index), resource, null);
    }

    static BundleEntry failed(int index, String fullUrl, String type, String idPart, String problem) {
        return new BundleEntry(index, fullUrl, type, recordId(type, idPart, fullUrl, index), null, problem);
    }

    /**
     * {@code <type>/<id>}: the resource's own id, else the id in {@code fullUrl} (the uuid of a
     * {@code urn:uuid:}), else the entry's position ({@code <type>/#<index>}). Without a type, only
     * the position is known: {@code Bundle.entry[<index>]}.
     */
    static String recordId(String type, String idPart, String fullUrl, int index) {
        if (type == null) {
            return "Bundle.entry[" + index + "]";
        }
        String id = stripUrn(idPart);
        if (isBlank(id) && fullUrl != null) {
            id = fullUrl.startsWith("urn:") ? stripUrn(fullUrl) : idPart(fullUrl);
        }
        return type + "/" + (isBlank(id) ? "#" + index : id);
    }

    /** {@code urn:uuid:<uuid>} and {@code urn:oid:<oid>} name the resource by what follows. */
    static String stripUrn(String value) {
        if (value == null) {
            return null;
        }
        if (value.startsWith("urn:uuid:") || value.startsWith("urn:oid:")) {
            return value.substring(value.indexOf(':', 4) + 1);
        }
        return value;
    }

    /**
     * The id in a resource id, reference or URL, as FHIR ids are read ({@code [[base/]Type/]id[/_history/version]});
     * {@code #local} and {@code urn:} values are ids as a whole. {@code null} for blank text.
     */
    static String idPart(String value) {
        if (isBlank(value)) {
            return null;
        }
        if ((value.charAt(0) == '#' && value.length() > 1) || value.startsWith("urn:")) {
            return value;
        }
        int history = value.indexOf("/_history/");
        int slash = history < 0 ? value.lastIndexOf('/') : value.lastIndexOf('/', history - 1);
        return value.substring(slash + 1, history < 0 ? value.length() : history);
    }

    /** The resource type in a reference or URL ({@code Type} in {@code [base/]Type/id}), or {@code null}. */
    static String typePart(String value) {
        if (isBlank(value) || value.charAt(0) == '#' || value.startsWith("urn:")) {
            return null;
        }
        int history = value.indexOf("/_history/");
        int slash = history < 0 ? value.lastIndexOf('/') : value.lastIndexOf('/', history - 1);
        if (slash <= 0) {
            return null;
        }
        return value.substring(value.lastIndexOf('/', slash - 1) + 1, slash);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
