package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.AssessmentJson;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.PlannedTreatment;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.rules.PackageFolder;

/**
 * The prebuilt package evaluates each mode with a rule base of its own (only the rules that can fire in it); a folder
 * compiled at run time uses one base for every mode. Both must give the same answers, byte for byte: every scenario's
 * patient, in every mode.
 */
class ModeRuleBasesTest {

    @Test
    void evaluate_everyScenarioPatientInEveryMode_sameAsOneBaseForAllModes(@TempDir Path folder) throws Exception {
        CdsEngine perMode = CdsEngine.builder().build();
        CdsEngine oneBase = CdsEngine.builder().knowledgePackage(KnowledgePackage.fromDirectory(PackageFolder.copy(folder))).build();
        FhirRecordReader reader = FhirRecordReader.create();

        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (Scenario s : KnowledgePackageScenariosTest.all()) {
            PatientRecord record = reader.read(s.bundleJson(), s.file());
            for (Mode mode : Mode.values()) {
                EvaluationContext context = new EvaluationContext(mode, s.asOf(), PlannedTreatment.of(s.product(), s.route()));
                Assessment a = oneBase.evaluate(record, context);
                // The same package from a folder: only its source (UNSIGNED_FOLDER, not BUILT_IN) differs.
                String expected = AssessmentJson.toJson(new Assessment(a.patient(), a.asOf(), a.mode(), a.product(),
                        perMode.knowledge(), a.disposition(), a.findings(), a.monitoringPlan(), a.dataGaps()));
                String actual = AssessmentJson.toJson(perMode.evaluate(record, context));
                compared++;
                if (!actual.equals(expected)) {
                    differences.add(s.file() + " in " + mode.cliName());
                }
            }
        }

        assertThat(oneBase.knowledge().sha256()).isEqualTo(perMode.knowledge().sha256());
        assertThat(compared).isGreaterThan(2000);
        assertThat(differences).as("evaluations that differ between the mode bases and one base").isEmpty();
    }
}
