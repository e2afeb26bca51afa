package org.ketaminecds.fhir.bulk;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.InputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hash partitions of resource lines on disk, so that all lines of one patient land in the same partition and a
 * partition can be grouped in memory on its own. Each record is binary: a header (the patient id's length, the line's
 * place in the export ({@link #order}), the line's length), the patient id (UTF-8) and the line's bytes as read: no
 * text is decoded or encoded on the way through. Since the first pass's threads add lines in no fixed order, the place puts each patient's
 * lines back in export order when a partition is loaded. Writers are opened when a partition gets its first line.
 * {@link #add} may be called from several threads.
 */
final class Spill implements Closeable {

    /** One partition file and how much it holds (bytes of patient ids and lines, about its size in memory). */
    record Partition(Path file, long chars, int level) {
    }

    /** Lines of one chunk, by partition, to add in one go (one lock per chunk, not per line). */
    static final class Batch {
        private int size;
        private int[] partitions = new int[256];
        private byte[][] patients = new byte[256][];
        private long[] orders = new long[256];
        private byte[][] data = new byte[256][];
        private int[] starts = new int[256];
        private int[] ends = new int[256];

        void add(int partition, String patient, long order, byte[] bytes, int start, int end) {
            if (size == partitions.length) {
                int n = size * 2;
                partitions = Arrays.copyOf(partitions, n);
                patients = Arrays.copyOf(patients, n);
                orders = Arrays.copyOf(orders, n);
                data = Arrays.copyOf(data, n);
                starts = Arrays.copyOf(starts, n);
                ends = Arrays.copyOf(ends, n);
            }
            partitions[size] = partition;
            patients[size] = patient.getBytes(StandardCharsets.UTF_8);
            orders[size] = order;
            data[size] = bytes;
            starts[size] = start;
            ends[size] = end;
            size++;
        }
    }

    private final Path dir;
    private final String prefix;
    private final int count;
    private final int level;
    private final DataOutputStream[] writers;
    private final long[] chars;

    Spill(Path dir, String prefix, int count, int level) {
        this.dir = dir;
        this.prefix = prefix;
        this.count = count;
        this.level = level;
        this.writers = new DataOutputStream[count];
        this.chars = new long[count];
    }

    /** A line's place in the export: its file, then its line number; the order the lines of a patient are read in. */
    static long order(int file, long line) {
        return ((long) file << 40) | line;
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

    int partitionOf(String patient) {
        return partitionOf(patient, level, count);
    }

    synchronized void add(Batch batch) throws IOException {
        for (int k = 0; k < batch.size; k++) {
            write(batch.partitions[k], batch.patients[k], batch.orders[k], batch.data[k], batch.starts[k],
                    batch.ends[k] - batch.starts[k]);
        }
    }

    private void write(int p, byte[] patient, long order, byte[] line, int off, int len) throws IOException {
        DataOutputStream w = writers[p];
        if (w == null) {
            w = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file(p)), 16 << 10));
            writers[p] = w;
        }
        w.writeInt(patient.length); // a fixed 16-byte header: one read gives the three numbers
        w.writeLong(order);
        w.writeInt(len);
        w.write(patient);
        w.write(line, off, len);
        chars[p] += patient.length + len;
    }

    /** Closes the writers; the partitions that got lines, in index order. */
    synchronized List<Partition> finish() throws IOException {
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
    public synchronized void close() throws IOException {
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
     * Reads a partition file's records in the order they were written; a record of the same patient as the one
     * before gets the same {@code patient} array.
     */
    private interface Record {
        void accept(byte[] patient, long order, byte[] line, int len) throws IOException;
    }

    private static void read(Path file, Record each) throws IOException {
        byte[] header = new byte[16];
        ByteBuffer numbers = ByteBuffer.wrap(header); // big-endian, as DataOutputStream wrote them
        byte[] patient = new byte[0];
        byte[] line = new byte[1 << 16];
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            while (in.readNBytes(header, 0, 16) == 16) {
                int patientLength = numbers.getInt(0);
                long order = numbers.getLong(4);
                int len = numbers.getInt(12);
                byte[] id = new byte[patientLength];
                readFully(in, id, patientLength);
                if (!Arrays.equals(id, patient)) {
                    patient = id; // else the same array again: consecutive lines are often one patient's
                }
                if (len > line.length) {
                    line = new byte[Math.max(len, line.length * 2)];
                }
                readFully(in, line, len);
                each.accept(patient, order, line, len);
            }
        }
    }

    /**
     * The patients of a partition file with their lines in export order; each patient's lines held only up to the
     * screen's per-patient cap while the file is read ({@link PatientLines}), so a patient too big to split off
     * costs no more than the cap.
     */
    static Map<String, PatientLines> load(Path file, PopulationScreen screen) throws IOException {
        Map<String, PatientLines> byPatient = new LinkedHashMap<>();
        var last = new Object() {
            byte[] id;
            PatientLines lines;
        };
        read(file, (patient, order, line, len) -> {
            if (patient != last.id) {
                last.id = patient;
                last.lines = byPatient.computeIfAbsent(new String(patient, StandardCharsets.UTF_8), screen::newPatient);
            }
            last.lines.add(order, new String(line, 0, len, StandardCharsets.UTF_8));
        });
        return byPatient;
    }

    private static void readFully(InputStream in, byte[] into, int len) throws IOException {
        if (in.readNBytes(into, 0, len) != len) {
            throw new EOFException("a spill file ends inside a record");
        }
    }

    /** Splits one partition file into {@code count} at the next level, and deletes it. */
    static List<Partition> split(Partition partition, Path dir, int count) throws IOException {
        int level = partition.level() + 1;
        String prefix = partition.file().getFileName().toString().replace(".spill", "") + "." + level;
        try (Spill spill = new Spill(dir, prefix, count, level)) {
            read(partition.file(), (patient, order, line, len) -> spill.write(
                    partitionOf(new String(patient, StandardCharsets.UTF_8), level, count), patient, order, line, 0, len));
            List<Partition> parts = spill.finish();
            Files.delete(partition.file());
            return parts;
        }
    }
}
