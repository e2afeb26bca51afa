package org.ketaminecds.samples.spark;

import java.io.Serializable;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.bulk.PatientLines;
import org.ketaminecds.fhir.bulk.PopulationScreen;
import scala.Tuple2;

/**
 * The evaluation of one partition: its lines arrive sorted by patient (then by place in the export), so each
 * patient's lines are consecutive and only one patient is held in memory at a time, up to the screen's per-patient
 * cap ({@link PopulationScreen#withPatientCap}; a patient over it gets an error row). Each patient is screened with
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
                // Held up to the per-patient cap only: a patient with millions of lines streams past, counted.
                PatientLines patient = screen.newPatient(key.patient);
                while (next != null && patient.patientId().equals(next._1().patient)) {
                    patient.add(next._2());
                    advance();
                }
                return ResultRows.of(screen.screen(patient, shared));
            }

            private void advance() {
                next = lines.hasNext() ? lines.next() : null;
            }
        };
    }
}
