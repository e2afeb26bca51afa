package org.ketaminecds.fhir.bulk;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.KnowledgeInfo;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.UnusableRecordException;

/**
 * Evaluates one patient's FHIR Bulk Data resources: the unit of work of population screening, on one machine
 * ({@link BulkScreen}) or in a Spark partition. Thread-safe and without I/O; one per JVM is enough.
 *
 * <pre>{@code
 * PopulationScreen screen = PopulationScreen.of(engine, Mode.CANDIDACY, Instant.parse("2026-03-01T00:00:00Z"));
 * String patient = PopulationScreen.patientOf(line);         // group lines by this key
 * ScreenResult result = screen.screen(patient, linesOfThatPatient);
 * String ndjson = result.toJson();
 * }</pre>
 */
public final class PopulationScreen {

    private static final FhirRecordReader READER = FhirRecordReader.create();
    private static final String PATIENT_PREFIX = "Patient/";

    private final CdsEngine engine;
    private final EvaluationContext context;
    /** Thread CPU time spent parsing and mapping, and in the rules; for the batch summary (a measurement, not output). */
    private final LongAdder mappingNanos = new LongAdder();
    private final LongAdder rulesNanos = new LongAdder();

    private PopulationScreen(CdsEngine engine, EvaluationContext context) {
        this.engine = engine;
        this.context = context;
    }

    /** A screen that evaluates every patient with {@code engine} in {@code mode} as of {@code asOf}. */
    public static PopulationScreen of(CdsEngine engine, Mode mode, Instant asOf) {
        Objects.requireNonNull(engine, "engine");
        return new PopulationScreen(engine, EvaluationContext.of(mode, asOf));
    }

    public Mode mode() {
        return context.mode();
    }

    public Instant asOf() {
        return context.asOf();
    }

    /** The knowledge package the engine evaluates with now. */
    public KnowledgeInfo knowledge() {
        return engine.knowledge();
    }

    /**
     * The patient a resource line belongs to: its own id for a Patient; otherwise the patient its
     * {@code subject}, {@code patient} or {@code beneficiary} reference names ({@code Patient/x}, an absolute URL
     * ending in {@code Patient/x}, {@code Patient/x/_history/n}, or {@code urn:uuid:x}). Returns the id without
     * {@code Patient/}, or {@code null} when the resource names no patient (Medication, Organization,
     * Practitioner, a Group subject...). Reads the line with a streaming parser, without building a tree.
     *
     * @throws MalformedLineException when the line is not a JSON object with a {@code resourceType} (a blank line too)
     */
    public static String patientOf(String ndjsonLine) {
        return ResourceLine.read(ndjsonLine).patient();
    }

    /**
     * Evaluates one patient from the JSON text of its resources, in any order: exactly one Patient with id
     * {@code patientId}, and whatever else it has. Resources that name no patient but are referenced by the
     * patient's resources (a Medication, an Organization or Location of an Encounter, a
     * prescriber's PractitionerRole) may be included; they are
     * used to resolve those references. Never throws for bad data: a patient that cannot be assessed (no Patient,
     * two Patients, a Patient that cannot be read, an evaluation that fails) gives a result whose {@code error}
     * says why; a single resource that cannot be read is left out, as in a Bundle.
     *
     * @param patientId the id, with or without {@code Patient/}
     */
    public ScreenResult screen(String patientId, Iterable<String> resourceLines) {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(resourceLines, "resourceLines");
        String patient = patientId.startsWith(PATIENT_PREFIX) ? patientId : PATIENT_PREFIX + patientId;
        long start = CpuClock.now();
        PatientRecord record;
        try {
            record = READER.readResources(resourceLines, patient);
        } catch (UnusableRecordException e) {
            return failed(patient, e.problem());
        } catch (RuntimeException e) {
            return failed(patient, "the resources cannot be read (" + e.getClass().getSimpleName() + ")");
        } finally {
            mappingNanos.add(CpuClock.now() - start);
        }
        if (!patient.equals(record.patientId())) {
            return failed(patient, "the Patient resource given is " + record.patientId() + ", not " + patient);
        }
        long rulesStart = CpuClock.now();
        Assessment a;
        try {
            a = engine.evaluate(record, context);
        } catch (RuntimeException e) {
            return failed(patient, "the evaluation failed: " + e.getMessage());
        } finally {
            rulesNanos.add(CpuClock.now() - rulesStart);
        }
        return new ScreenResult(patient, a.disposition(), a.findings().stream().map(ScreenFinding::of).toList(),
                a.knowledge().id(), a.knowledge().version(), null);
    }

    private ScreenResult failed(String patient, String error) {
        KnowledgeInfo k = engine.knowledge();
        return new ScreenResult(patient, null, List.of(), k.id(), k.version(), oneLine(error));
    }

    private static String oneLine(String text) {
        return text == null || text.isBlank() ? "unknown problem" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    long mappingNanos() {
        return mappingNanos.sum();
    }

    long rulesNanos() {
        return rulesNanos.sum();
    }
}
