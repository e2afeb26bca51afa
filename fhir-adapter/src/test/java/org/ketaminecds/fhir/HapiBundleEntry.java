package org.ketaminecds.fhir;

import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * Pre-issue-17, frozen for {@link HapiRecordReader} (the equivalence oracle). One {@code Bundle.entry} with a resource: either parsed ({@code resource} set) or not readable
 * ({@code problem} set).
 *
 * @param index    position in {@code Bundle.entry}, from 0
 * @param fullUrl  {@code entry.fullUrl}, or {@code null}
 * @param type     the resource type, or {@code null} when the JSON names none
 * @param id       the record id, {@code <type>/<id>} (see {@link #recordId})
 * @param resource the parsed resource, or {@code null}
 * @param problem  why the resource could not be read, or {@code null}
 */
record HapiBundleEntry(int index, String fullUrl, String type, String id, Resource resource, String problem) {

    static HapiBundleEntry parsed(int index, String fullUrl, Resource resource) {
        String type = resource.fhirType();
        String idPart = resource.hasIdElement() ? resource.getIdElement().getIdPart() : null;
        return new HapiBundleEntry(index, fullUrl, type, recordId(type, idPart, fullUrl, index), resource, null);
    }

    static HapiBundleEntry failed(int index, String fullUrl, String type, String idPart, String problem) {
        return new HapiBundleEntry(index, fullUrl, type, recordId(type, idPart, fullUrl, index), null, problem);
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
            id = fullUrl.startsWith("urn:") ? stripUrn(fullUrl) : new IdType(fullUrl).getIdPart();
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

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
