package org.ketaminecds.fhir.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a FHIR Bulk Data {@code $export} manifest lists: the names of its output files, in the export folder. One
 * reading for every screen (this machine's {@link BulkScreen}, the Spark job), wherever the folder lives.
 */
public final class ExportManifest {

    /** A manifest is a short list; anything bigger is not one. */
    public static final long MAX_BYTES = 16L << 20;

    private ExportManifest() {
    }

    /**
     * The file names of the manifest's {@code output[].url}s (their last path segment), each once, in its order.
     *
     * @param manifest the parsed manifest
     * @param name     how to name the manifest in a problem
     * @throws UnreadableExportException when it is not a manifest or an entry names no file
     */
    public static List<String> fileNames(JsonNode manifest, String name) throws UnreadableExportException {
        JsonNode output = manifest.get("output");
        if (output == null || !output.isArray()) {
            throw new UnreadableExportException(name, "not a $export manifest (no output list)");
        }
        Set<String> files = new LinkedHashSet<>();
        int i = 0;
        for (JsonNode entry : output) {
            JsonNode url = entry.get("url");
            if (url == null || !url.isTextual() || url.asText().isBlank()) {
                throw new UnreadableExportException(name, "output[" + i + "] has no url");
            }
            String fileName = lastSegment(url.asText());
            if (fileName.isEmpty() || fileName.equals(".") || fileName.equals("..")) {
                throw new UnreadableExportException(name, "output[" + i + "].url names no file: " + url.asText());
            }
            files.add(fileName);
            i++;
        }
        return new ArrayList<>(files);
    }

    /** The last path segment of a URL or file name, without query or fragment. */
    static String lastSegment(String url) {
        String u = url;
        int cut = u.indexOf('?');
        if (cut >= 0) {
            u = u.substring(0, cut);
        }
        cut = u.indexOf('#');
        if (cut >= 0) {
            u = u.substring(0, cut);
        }
        return u.substring(u.lastIndexOf('/') + 1);
    }
}
