package org.ketaminecds.fhir.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The files of a FHIR Bulk Data export folder: those the {@code $export} manifest lists when the folder has one
 * ({@code manifest.json}, or another {@code *.json} with an {@code output} list), else every {@code *.ndjson} and
 * {@code *.ndjson.gz}, by name.
 */
final class ExportFolder {

    static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bigger than any manifest; keeps a stray big *.json from being read into memory whole. */

    /**
     * One NDJSON file.
     *
     * @param name the path as the folder was given plus the file name: how messages name it
     * @param path the file
     * @param size its size on disk
     */
    record ExportFile(String name, Path path, long size) {
    }

    private ExportFolder() {
    }

    static List<ExportFile> files(Path dir) throws UnreadableExportException {
        Objects.requireNonNull(dir, "dir");
        String dirName = dir.toString();
        if (!Files.exists(dir)) {
            throw new UnreadableExportException(dirName, "the folder does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new UnreadableExportException(dirName, "not a folder (give the folder that holds the NDJSON files)");
        }
        List<Path> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(names::add);
        } catch (IOException e) {
            throw new UnreadableExportException(dirName, "the folder cannot be read (" + describe(e) + ")", e);
        }
        names.sort(null);
        Path manifest = manifest(dir, names);
        List<Path> chosen = manifest != null ? listed(dir, manifest) : ndjsonFiles(names);
        if (chosen.isEmpty()) {
            throw new UnreadableExportException(dirName, manifest != null
                    ? "the manifest " + manifest.getFileName() + " lists no output files"
                    : "no NDJSON files (*.ndjson, *.ndjson.gz) and no $export manifest");
        }
        List<ExportFile> files = new ArrayList<>(chosen.size());
        for (Path file : chosen) {
            String name = file.toString();
            if (!Files.isRegularFile(file)) {
                throw new UnreadableExportException(name, Files.exists(file) ? "not a file"
                        : "listed in the manifest but not in the folder");
            }
            if (!Files.isReadable(file)) {
                throw new UnreadableExportException(name, "the file cannot be read (access denied)");
            }
            try {
                files.add(new ExportFile(name, file, Files.size(file)));
            } catch (IOException e) {
                throw new UnreadableExportException(name, "the file cannot be read (" + describe(e) + ")", e);
            }
        }
        return files;
    }

    /** An open file, decompressed when it is gzip (by its first bytes, whatever its name). */
    static InputStream open(ExportFile file, InputStream raw) throws UnreadableExportException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        try {
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            boolean gzip = b1 == 0x1f && b2 == 0x8b;
            if (!gzip && file.name().endsWith(".gz")) {
                throw new UnreadableExportException(file.name(), "not a gzip file (its name ends in .gz)");
            }
            return gzip ? new GZIPInputStream(in, 1 << 16) : in;
        } catch (IOException e) {
            throw new UnreadableExportException(file.name(), describe(e), e);
        }
    }

    /** An I/O problem in a user's words. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "the file does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "the file cannot be read (access denied)";
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            return "broken gzip data (" + Objects.requireNonNullElse(e.getMessage(), "unexpected end") + ")";
        }
        return "cannot be read (" + Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()) + ")";
    }

    private static List<Path> ndjsonFiles(List<Path> names) {
        List<Path> files = new ArrayList<>();
        for (Path p : names) {
            String n = p.getFileName().toString();
            if (n.endsWith(".ndjson") || n.endsWith(".ndjson.gz")) {
                files.add(p);
            }
        }
        return files;
    }

    /** manifest.json, else the one *.json with an output list; null when there is none. */
    private static Path manifest(Path dir, List<Path> names) throws UnreadableExportException {
        Path standard = dir.resolve(MANIFEST);
        if (Files.isRegularFile(standard)) {
            return standard;
        }
        List<Path> found = new ArrayList<>();
        for (Path p : names) {
            String n = p.getFileName().toString();
            try {
                if (n.endsWith(".json") && Files.isRegularFile(p) && Files.size(p) <= ExportManifest.MAX_BYTES
                        && read(p).path("output").isArray()) {
                    found.add(p);
                }
            } catch (IOException | UnreadableExportException e) {
                // not a manifest: some other JSON file beside the export
            }
        }
        if (found.size() > 1) {
            throw new UnreadableExportException(dir.toString(), "more than one $export manifest ("
                    + found.stream().map(p -> p.getFileName().toString()).toList()
                    + "); name the one to use manifest.json");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    /** The manifest's output files (type and url; the url's last segment is the file name in the folder). */
    private static List<Path> listed(Path dir, Path manifest) throws UnreadableExportException {
        String name = manifest.toString();
        JsonNode root;
        try {
            if (Files.size(manifest) > ExportManifest.MAX_BYTES) {
                throw new UnreadableExportException(name, "too big for a $export manifest");
            }
            root = read(manifest);
        } catch (IOException e) {
            throw new UnreadableExportException(name, describe(e), e);
        }
        List<Path> files = new ArrayList<>();
        for (String fileName : ExportManifest.fileNames(root, name)) {
            files.add(dir.resolve(fileName));
        }
        return files;
    }

    private static JsonNode read(Path file) throws IOException, UnreadableExportException {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new UnreadableExportException(file.toString(), "not a $export manifest (not a JSON object)");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new UnreadableExportException(file.toString(),
                    "not a $export manifest (not valid JSON: " + e.getOriginalMessage() + ")", e);
        }
    }
}
