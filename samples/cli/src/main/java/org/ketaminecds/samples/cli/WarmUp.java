package org.ketaminecds.samples.cli;

import java.util.Map;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.PlannedTreatment;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.Scenario;

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

    /** Returns the number of evaluations it ran; a scenario that cannot be read is skipped. */
    static int run(CdsEngine engine) {
        FhirRecordReader reader = FhirRecordReader.create();
        Map<String, byte[]> files = engine.knowledgePackage().scenarioFiles();
        int evaluations = 0;
        int patients = 0;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (patients == PATIENTS || !file.getKey().endsWith(".yaml")) {
                continue;
            }
            try {
                Scenario s = Scenario.parse(file.getKey(), file.getValue(), files::get);
                PatientRecord record = reader.read(s.bundleJson(), s.file());
                patients++;
                for (Mode mode : Mode.values()) {
                    engine.evaluate(record, new EvaluationContext(mode, s.asOf(), PlannedTreatment.of(s.product(), s.route())));
                    evaluations++;
                }
            } catch (Exception e) {
                // A base, or a scenario the reader refuses on purpose: not a warm-up patient.
            }
        }
        return evaluations;
    }
}
