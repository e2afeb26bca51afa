package org.ketaminecds.samples.spark;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.bulk.PopulationScreen;
import scala.Tuple2;

/**
 * The evaluation of one partition: its lines arrive sorted by patient (then by place in the export), so each
 * patient's lines are consecutive and only one patient is held in memory at a time. Each patient is screened with
 * this JVM's one engine ({@link ExecutorScreen}), after its lines are joined by the patient-less resources they
 * reference. A malformed line's report passes through as its own row.
 */
final class PartitionScreen implements FlatMapFunction<Iterator<Tuple2<LineKey, String>>, Row>, Serializable {

    private static final long serialVersionUID = 1L;

    private final Mode mode;
    private final Instant asOf;
    private final List<String> fileNames;
    /** {@code Type/id} -> line of the export's Medication, Organization and Location resources. */
    private final Broadcast<Map<String, String>> referenced;

    PartitionScreen(Mode mode, Instant asOf, List<String> fileNames, Broadcast<Map<String, String>> referenced) {
        this.mode = mode;
        this.asOf = asOf;
        this.fileNames = List.copyOf(fileNames);
        this.referenced = referenced;
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<LineKey, String>> lines) {
        PopulationScreen screen = ExecutorScreen.screen(mode, asOf);
        Map<String, String> resources = referenced.value();
        return new Iterator<>() {
            private Tuple2<LineKey, String> next = lines.hasNext() ? lines.next() : null;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Row next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                LineKey key = next._1();
                if (key.malformed()) {
                    Row row = ResultRows.malformed(fileNames.get(key.file) + ":" + key.line + ": " + next._2(),
                            key.file, key.line);
                    advance();
                    return row;
                }
                String patient = key.patient;
                List<String> patientLines = new ArrayList<>();
                while (next != null && patient.equals(next._1().patient)) {
                    patientLines.add(next._2());
                    advance();
                }
                return ResultRows.of(screen.screen(patient, withReferenced(patientLines, resources)));
            }

            private void advance() {
                next = lines.hasNext() ? lines.next() : null;
            }
        };
    }

    /** The patient's lines followed by each patient-less resource they reference, once, in order of first mention. */
    static List<String> withReferenced(List<String> patientLines, Map<String, String> resources) {
        if (resources.isEmpty()) {
            return patientLines;
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String line : patientLines) {
            for (String key : ExportLines.referencedKeys(line)) {
                if (resources.containsKey(key)) {
                    keys.add(key);
                }
            }
        }
        if (keys.isEmpty()) {
            return patientLines;
        }
        List<String> all = new ArrayList<>(patientLines.size() + keys.size());
        all.addAll(patientLines);
        for (String key : keys) {
            all.add(resources.get(key));
        }
        return all;
    }
}
