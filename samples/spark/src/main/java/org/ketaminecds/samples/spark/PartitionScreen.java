package org.ketaminecds.samples.spark;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.bulk.PopulationScreen;
import org.ketaminecds.fhir.bulk.SharedResources;
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
    /** {@code Type/id} -> line of the export's shared resources ({@link ExportLines#SHARED_TYPES}). */
    private final Broadcast<Map<String, String>> shared;

    PartitionScreen(Mode mode, Instant asOf, Broadcast<Map<String, String>> shared) {
        this.mode = mode;
        this.asOf = asOf;
        this.shared = shared;
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<LineKey, String>> lines) {
        PopulationScreen screen = ExecutorScreen.screen(mode, asOf);
        Map<String, String> shared = this.shared.value();
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
                    Row row = ResultRows.malformed(next._2(), key.file, key.line);
                    advance();
                    return row;
                }
                String patient = key.patient;
                List<String> patientLines = new ArrayList<>();
                while (next != null && patient.equals(next._1().patient)) {
                    patientLines.add(next._2());
                    advance();
                }
                return ResultRows.of(screen.screen(patient, SharedResources.withShared(patientLines, shared)));
            }

            private void advance() {
                next = lines.hasNext() ? lines.next() : null;
            }
        };
    }
}
