package org.ketaminecds.samples.spark;

import java.io.Serializable;
import java.util.Comparator;
import java.util.Objects;
import org.apache.spark.Partitioner;

/**
 * The shuffle key of an export line: the patient it belongs to, then where it was read (file, line), so that each
 * partition arrives sorted by patient with every patient's lines together and in export order. A malformed line has
 * no patient and travels as its own key, to be reported with its place.
 *
 * <p>A plain class rather than a record: Kryo, which a cluster may configure, cannot set a record's fields.
 */
final class LineKey implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The patient id without {@code Patient/}; null for a malformed line. */
    final String patient;
    /** The file's index in the export's file list. */
    final int file;
    /** The 1-based line number in that file. */
    final long line;

    LineKey(String patient, int file, long line) {
        this.patient = patient;
        this.file = file;
        this.line = line;
    }

    boolean malformed() {
        return patient == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LineKey k && Objects.equals(patient, k.patient) && file == k.file && line == k.line;
    }

    @Override
    public int hashCode() {
        return patient != null ? patient.hashCode() : 31 * file + Long.hashCode(line);
    }

    @Override
    public String toString() {
        return (patient == null ? "malformed" : "Patient/" + patient) + " @" + file + ":" + line;
    }

    /** Malformed lines first, then by patient, then by place in the export. */
    static final class Order implements Comparator<LineKey>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(LineKey a, LineKey b) {
            if (a.patient == null || b.patient == null) {
                if (a.patient != null) {
                    return 1;
                }
                if (b.patient != null) {
                    return -1;
                }
            } else {
                int byPatient = a.patient.compareTo(b.patient);
                if (byPatient != 0) {
                    return byPatient;
                }
            }
            int byFile = Integer.compare(a.file, b.file);
            return byFile != 0 ? byFile : Long.compare(a.line, b.line);
        }
    }

    /** All lines of a patient in one partition (by the patient's hash); malformed lines spread by their place. */
    static final class ByPatient extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;

        ByPatient(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
            }
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return Math.floorMod(key.hashCode(), partitions);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByPatient p && p.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }
}
