package org.ketaminecds.samples.cli;

import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.PlannedTreatment;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.Scenario;
import org.ketaminecds.fhir.ScenarioSuite;
import org.ketaminecds.fhir.UnusableRecordException;

/**
 * Before a server says it is ready: reads and evaluates the package's own scenario patients in every mode, so the
 * first real calls find the reader, the rule bases and the JIT warm instead of paying for them (a cold path is many
 * times slower). The package's scenarios are fictional patients, so nothing real is touched.
 */
final class WarmUp {

    /** Enough for the JIT to compile the hot paths of reading and every mode's rules, a few seconds at most. */
    static final int PATIENTS = 60;

    private WarmUp() {
    }

    /** Returns the number of evaluations it ran; a scenario patient the reader refuses on purpose is skipped. */
    static int run(CdsEngine engine) {
        FhirRecordReader reader = FhirRecordReader.create();
        int evaluations = 0;
        int patients = 0;
        // The suite reads the scenarios as `rules test` does: from their base patients too.
        for (Scenario s : ScenarioSuite.of(engine.knowledgePackage()).scenarios()) {
            if (patients == PATIENTS) {
                break;
            }
            PatientRecord record;
            try {
                record = reader.read(s.bundleJson(), s.file());
            } catch (UnusableRecordException e) {
                continue;
            }
            patients++;
            for (Mode mode : Mode.values()) {
                engine.evaluate(record, new EvaluationContext(mode, s.asOf(), PlannedTreatment.of(s.product(), s.route())));
                evaluations++;
            }
        }
        return evaluations;
    }
}
