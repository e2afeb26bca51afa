package org.ketaminecds.samples.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ketaminecds.fhir.bulk.ExportManifest;
import org.ketaminecds.fhir.bulk.SharedResources;
import org.ketaminecds.fhir.bulk.UnreadableExportException;

/**
 * The files of a Bulk Data export folder, chosen as the library's reader chooses them ({@code BulkScreen}): those the
 * {@code $export} manifest lists when the folder has one ({@code manifest.json}, or the one other {@code *.json} with
 * an {@code output} list), in its order; else every {@code *.ndjson} and {@code *.ndjson.gz}, by name. Read through
 * Hadoop's file system, so the folder may be local, HDFS or an object store.
 *
 * <p>Each file holds one resource type (Bulk Data spec); the type is taken from its first resource, which also proves
 * that the file opens. Hadoop decompresses by file name, so a name and content that disagree about gzip are refused
 * here, naming the file.
 */
final class ExportFiles {

    static final String MANIFEST = "manifest.json";
    /** Bigger than any manifest; keeps a stray big *.json from being read into memory whole. */
    /** How many lines to look through for a first readable resource before calling a file's type unknown. */
    private static final int PEEK_LINES = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExportFiles() {
    }

    /**
     * One export file.
     *
     * @param path         its Hadoop path
     * @param name         the folder as given plus the file name: how reports name it (as the command does)
     * @param size         its size as stored
     * @param resourceType the type of its first resource; null when none could be read
     */
    record ExportFile(String path, String name, long size, String resourceType) {
        /** A file of the resources that name no patient but are kept for references ({@link ExportLines#SHARED_TYPES}). */
        boolean shared() {
            return resourceType != null && SharedResources.TYPES.contains(resourceType);
        }
    }

    /** @throws UnreadableFileException naming the folder or file when the export cannot be used */
    static List<ExportFile> list(String dir, Configuration hadoop) {
        Path folder = new Path(dir);
        String given = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        FileSystem fs;
        FileStatus[] entries;
        try {
            fs = folder.getFileSystem(hadoop);
            if (!fs.getFileStatus(folder).isDirectory()) {
                throw new UnreadableFileException(dir, "not a folder (give the folder that holds the NDJSON files)");
            }
            entries = fs.listStatus(folder);
        } catch (FileNotFoundException e) {
            throw new UnreadableFileException(dir, "the folder does not exist");
        } catch (IOException e) {
            throw new UnreadableFileException(dir, e);
        }
        Arrays.sort(entries, Comparator.comparing(s -> s.getPath().getName()));
        FileStatus manifest = manifest(fs, given, entries);
        List<FileStatus> chosen = new ArrayList<>();
        if (manifest != null) {
            for (String fileName : listed(fs, given, manifest)) {
                FileStatus file = Arrays.stream(entries).filter(s -> s.getPath().getName().equals(fileName))
                        .findFirst().orElseThrow(() -> new UnreadableFileException(given + "/" + fileName,
                                "listed in the manifest but not in the folder"));
                if (!file.isFile()) {
                    throw new UnreadableFileException(given + "/" + fileName, "not a file");
                }
                chosen.add(file);
            }
        } else {
            for (FileStatus s : entries) {
                String n = s.getPath().getName();
                if (s.isFile() && (n.endsWith(".ndjson") || n.endsWith(".ndjson.gz"))) {
                    chosen.add(s);
                }
            }
        }
        if (chosen.isEmpty()) {
            throw new UnreadableFileException(dir, manifest != null
                    ? "the manifest " + manifest.getPath().getName() + " lists no output files"
                    : "no NDJSON files (*.ndjson, *.ndjson.gz) and no $export manifest");
        }
        List<ExportFile> files = new ArrayList<>(chosen.size());
        for (FileStatus s : chosen) {
            String name = given + "/" + s.getPath().getName();
            files.add(new ExportFile(s.getPath().toString(), name, s.getLen(), peekType(fs, s.getPath(), name)));
        }
        return List.copyOf(files);
    }

    /** manifest.json, else the one *.json with an output list; null when there is none. */
    private static FileStatus manifest(FileSystem fs, String given, FileStatus[] entries) {
        List<FileStatus> found = new ArrayList<>();
        for (FileStatus s : entries) {
            String n = s.getPath().getName();
            if (s.isFile() && n.equals(MANIFEST)) {
                return s;
            }
            if (s.isFile() && n.endsWith(".json") && s.getLen() <= ExportManifest.MAX_BYTES) {
                try {
                    if (read(fs, s).path("output").isArray()) {
                        found.add(s);
                    }
                } catch (IOException | UnreadableFileException e) {
                    // not a manifest: some other JSON file beside the export
                }
            }
        }
        if (found.size() > 1) {
            throw new UnreadableFileException(given, "more than one $export manifest ("
                    + found.stream().map(s -> s.getPath().getName()).toList() + "); name the one to use manifest.json");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    /** The file names (the urls' last segments) of the manifest's output list, in its order, each once. */
    private static Set<String> listed(FileSystem fs, String given, FileStatus manifest) {
        String name = given + "/" + manifest.getPath().getName();
        JsonNode root;
        try {
            if (manifest.getLen() > ExportManifest.MAX_BYTES) {
                throw new UnreadableFileException(name, "too big for a $export manifest");
            }
            root = read(fs, manifest);
        } catch (IOException e) {
            throw new UnreadableFileException(name, e);
        }
        try {
            return new LinkedHashSet<>(ExportManifest.fileNames(root, name));
        } catch (UnreadableExportException e) {
            throw new UnreadableFileException(name, e.problem());
        }
    }

    private static JsonNode read(FileSystem fs, FileStatus file) throws IOException {
        try (InputStream in = fs.open(file.getPath())) {
            JsonNode root = JSON.readTree(in);
            if (root == null || !root.isObject()) {
                throw new UnreadableFileException(file.getPath().getName(), "not a $export manifest (not a JSON object)");
            }
            return root;
        }
    }

    private static String peekType(FileSystem fs, Path path, String name) {
        try (InputStream raw = new BufferedInputStream(fs.open(path), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            if (gzip != name.endsWith(".gz")) {
                throw new UnreadableFileException(name, gzip
                        ? "gzip data, but the name does not end in .gz (Hadoop decompresses by name)"
                        : "not a gzip file (its name ends in .gz)");
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    gzip ? new GZIPInputStream(raw, 1 << 16) : raw, StandardCharsets.UTF_8))) {
                String line;
                for (int i = 0; i < PEEK_LINES && (line = reader.readLine()) != null; i++) {
                    if (!line.isBlank()) {
                        String type = ExportLines.resourceType(line);
                        if (type != null) {
                            return type;
                        }
                    }
                }
                return null;
            }
        } catch (IOException e) {
            throw new UnreadableFileException(name, e);
        }
    }
}
