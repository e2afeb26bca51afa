package org.ketaminecds.samples.spark;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The NDJSON files of a Bulk Data export folder ({@code *.ndjson}, {@code *.ndjson.gz}), through Hadoop's file
 * system so that the folder may be local, HDFS or an object store. Each file holds one resource type (Bulk Data
 * spec); the type is read from the file's first resource, which also proves early that the file can be opened.
 */
final class ExportFiles {

    /** How many lines to look through for a first readable resource before calling a file's type unknown. */
    private static final int PEEK_LINES = 100;

    private ExportFiles() {
    }

    /** One export file: its Hadoop path, its name (for reports) and its resource type, or null when unknown. */
    record ExportFile(String path, String name, String resourceType) {
        /** A file of Medication, Organization or Location resources: resources that name no patient. */
        boolean referencedOnly() {
            return resourceType != null && ExportLines.REFERENCED_TYPES.contains(resourceType);
        }
    }

    /**
     * The export's files, sorted by name.
     *
     * @throws IllegalArgumentException naming the folder or file when the folder is missing, holds no NDJSON, or a
     *                                  file cannot be opened
     */
    static List<ExportFile> list(String dir, Configuration hadoop) {
        Path folder = new Path(dir);
        FileStatus[] statuses;
        FileSystem fs;
        try {
            fs = folder.getFileSystem(hadoop);
            statuses = fs.listStatus(folder);
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException(dir + ": no such folder");
        } catch (IOException e) {
            throw new IllegalArgumentException(dir + ": cannot be read (" + e.getMessage() + ")");
        }
        List<FileStatus> ndjson = new ArrayList<>();
        for (FileStatus status : statuses) {
            String name = status.getPath().getName().toLowerCase(Locale.ROOT);
            if (status.isFile() && (name.endsWith(".ndjson") || name.endsWith(".ndjson.gz"))) {
                ndjson.add(status);
            }
        }
        if (ndjson.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no .ndjson or .ndjson.gz files (not a Bulk Data export folder?)");
        }
        ndjson.sort(Comparator.comparing(s -> s.getPath().getName()));
        CompressionCodecFactory codecs = new CompressionCodecFactory(hadoop);
        List<ExportFile> files = new ArrayList<>();
        for (FileStatus status : ndjson) {
            Path path = status.getPath();
            files.add(new ExportFile(path.toString(), path.getName(), peekType(fs, codecs, path)));
        }
        return List.copyOf(files);
    }

    private static String peekType(FileSystem fs, CompressionCodecFactory codecs, Path path) {
        CompressionCodec codec = codecs.getCodec(path);
        try (InputStream raw = fs.open(path);
             InputStream in = codec == null ? raw : codec.createInputStream(raw);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
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
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": cannot be read (" + e.getMessage() + ")");
        }
    }
}
