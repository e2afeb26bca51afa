package org.ketaminecds.fhir.bulk;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 *
 * <p>One patient's resources are parsed into memory together, so a screen caps what one patient may bring
 * ({@link #withPatientCap}; default {@value #DEFAULT_MAX_PATIENT_RESOURCES} resources or
 * {@value #DEFAULT_MAX_PATIENT_BYTES} bytes of NDJSON): a patient over it gets a result with an error, and the screen
 * goes on. Groupers hold a patient's lines in a {@link PatientLines}, which enforces the cap while they are read.
 */
public final class PopulationScreen {

    private static final FhirRecordReader READER = FhirRecordReader.create();
    private static final String PATIENT_PREFIX = "Patient/";
    /**
     * The default per-patient cap: 24 and 12 times the largest Synthea patient of the shared data (2,073 resources,
     * 2.8 MB); a patient at the byte cap takes about 150 MB while screened (its text, and HAPI's model of it at 3.5
     * times the text).
     */
    public static final int DEFAULT_MAX_PATIENT_RESOURCES = 50_000;
    public static final long DEFAULT_MAX_PATIENT_BYTES = 32L << 20;

    private final CdsEngine engine;
    private final EvaluationContext context;
    private final int maxPatientResources;
    private final long maxPatientBytes;
    /** Thread CPU time spent parsing and mapping, and in the rules; for the batch summary (a measurement, not output). */
    private final LongAdder mappingNanos = new LongAdder();
    private final LongAdder rulesNanos = new LongAdder();

    private PopulationScreen(CdsEngine engine, EvaluationContext context, int maxPatientResources, long maxPatientBytes) {
        this.engine = engine;
        this.context = context;
        this.maxPatientResources = maxPatientResources;
        this.maxPatientBytes = maxPatientBytes;
    }

    /** A screen that evaluates every patient with {@code engine} in {@code mode} as of {@code asOf}. */
    public static PopulationScreen of(CdsEngine engine, Mode mode, Instant asOf) {
        Objects.requireNonNull(engine, "engine");
        return new PopulationScreen(engine, EvaluationContext.of(mode, asOf), DEFAULT_MAX_PATIENT_RESOURCES,
                DEFAULT_MAX_PATIENT_BYTES);
    }

    /**
     * This screen with another per-patient cap: a patient with more resource lines, or more characters of them, is
     * not screened but gets a result whose error says so. The heap needs about the evaluation threads times
     * five times {@code maxBytes} (the text, and HAPI's parsed model at 3.5 times it; docs/security.md), so raise
     * {@code -Xmx} with it.
     */
    public PopulationScreen withPatientCap(int maxResources, long maxBytes) {
        if (maxResources < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("the per-patient cap must be at least 1 resource and 1 byte, not "
                    + maxResources + " resources and " + maxBytes + " bytes");
        }
        return new PopulationScreen(engine, context, maxResources, maxBytes);
    }

    /** An empty group for one patient's lines, under this screen's cap. */
    public PatientLines newPatient(String patientId) {
        return new PatientLines(Objects.requireNonNull(patientId, "patientId"), maxPatientResources, maxPatientBytes);
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
     * <p>A patient over the cap ({@link #withPatientCap}) gets a result with an error, before any line is parsed.
     *
     * @param patientId the id, with or without {@code Patient/}
     */
    public ScreenResult screen(String patientId, Iterable<String> resourceLines) {
        Objects.requireNonNull(resourceLines, "resourceLines");
        PatientLines patient = newPatient(patientId);
        resourceLines.forEach(patient::add);
        return screen(patient, Map.of());
    }

    /**
     * Evaluates one patient's grouped lines, joined by the shared resources they reference
     * ({@link SharedResources#withShared}); a patient over the cap gets a result with an error.
     *
     * @param shared {@code Type/id} -> line of the export's resources that name no patient
     */
    public ScreenResult screen(PatientLines patientLines, Map<String, String> shared) {
        Objects.requireNonNull(shared, "shared");
        String patientId = patientLines.patientId();
        String patient = patientId.startsWith(PATIENT_PREFIX) ? patientId : PATIENT_PREFIX + patientId;
        if (patientLines.overCap()) {
            return failed(patient, patientLines.overCapProblem());
        }
        Iterable<String> resourceLines = SharedResources.withShared(patientLines.lines(), shared);
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
