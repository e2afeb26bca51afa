package org.ketaminecds.fhir.bulk;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hash partitions of resource lines on disk, so that all lines of one patient land in the same partition and a
 * partition can be grouped in memory on its own. Each spill line is {@code <patient id> TAB <resource line>}.
 * Writers are opened when a partition gets its first line. Not thread-safe.
 */
final class Spill implements Closeable {

    /** One partition file and how much it holds (characters, about its size in memory as Latin-1 strings). */
    record Partition(Path file, long chars, int level) {
    }

    private final Path dir;
    private final String prefix;
    private final int count;
    private final int level;
    private final Writer[] writers;
    private final long[] chars;

    Spill(Path dir, String prefix, int count, int level) {
        this.dir = dir;
        this.prefix = prefix;
        this.count = count;
        this.level = level;
        this.writers = new Writer[count];
        this.chars = new long[count];
    }

    /** The partition of a patient among {@code count}, with a hash that differs per level (for re-splitting). */
    static int partitionOf(String patient, int level, int count) {
        int h = patient.hashCode() + level * 0x9E3779B9;
        // murmur3's finaliser: String.hashCode alone clusters similar ids
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return Math.floorMod(h, count);
    }

    void add(String patient, String line) throws IOException {
        int p = partitionOf(patient, level, count);
        Writer w = writers[p];
        if (w == null) {
            w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file(p)), StandardCharsets.UTF_8), 8192);
            writers[p] = w;
        }
        w.write(patient);
        w.write('\t');
        w.write(line);
        w.write('\n');
        chars[p] += patient.length() + line.length() + 2;
    }

    /** Closes the writers; the partitions that got lines, in index order. */
    List<Partition> finish() throws IOException {
        close();
        List<Partition> partitions = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            if (chars[p] > 0) {
                partitions.add(new Partition(file(p), chars[p], level));
            }
        }
        return partitions;
    }

    private Path file(int p) {
        return dir.resolve(prefix + "-" + p + ".spill");
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (int p = 0; p < count; p++) {
            if (writers[p] != null) {
                try {
                    writers[p].close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
                writers[p] = null;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * The patients of a partition file with their lines, in the order the lines were written; each patient's lines
     * held only up to the screen's per-patient cap while the file is read ({@link PatientLines}), so a patient too
     * big to split off costs no more than the cap.
     */
    static Map<String, PatientLines> load(Path file, PopulationScreen screen) throws IOException {
        Map<String, PatientLines> byPatient = new LinkedHashMap<>();
        try (LineReader in = new LineReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), Integer.MAX_VALUE - 16)) {
            String s;
            while ((s = in.next()) != null) {
                int tab = s.indexOf('\t');
                byPatient.computeIfAbsent(s.substring(0, tab), screen::newPatient).add(s.substring(tab + 1));
            }
        }
        return byPatient;
    }

    /** Splits one partition file into {@code count} at the next level, and deletes it. */
    static List<Partition> split(Partition partition, Path dir, int count) throws IOException {
        int level = partition.level() + 1;
        String prefix = partition.file().getFileName().toString().replace(".spill", "") + "." + level;
        try (Spill spill = new Spill(dir, prefix, count, level);
             LineReader in = new LineReader(Files.newBufferedReader(partition.file(), StandardCharsets.UTF_8),
                     Integer.MAX_VALUE - 16)) {
            String s;
            while ((s = in.next()) != null) {
                int tab = s.indexOf('\t');
                spill.add(s.substring(0, tab), s.substring(tab + 1));
            }
            List<Partition> parts = spill.finish();
            Files.delete(partition.file());
            return parts;
        }
    }
}
