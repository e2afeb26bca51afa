package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.KnowledgeInfo;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.rules.PackageFolder;

/** Safe reload, on copies of the bundled package edited as an informaticist would. */
class KnowledgeReloaderTest {

    private static final String BP_SCENARIO = "scenarios/contraindications/KET-CONTRA-007-bp-150-over-92-warning.yaml";
    private static final FhirRecordReader READER = FhirRecordReader.create();

    private final CdsEngine engine = CdsEngine.builder().build();
    private final KnowledgeReloader reloader = new KnowledgeReloader(engine, READER);
    private final KnowledgeInfo prebuilt = engine.knowledge();

    @Test
    void reload_changedThreshold_acceptedAndTakesEffect(@TempDir Path dir) throws Exception {
        PackageFolder.copy(dir);
        PackageFolder.edit(dir.resolve("thresholds.yaml"), "BP_TIER_A_SYSTOLIC:       { value: 140,", "BP_TIER_A_SYSTOLIC: { value: 145,");
        PackageFolder.edit(dir.resolve("manifest.yaml"), "version: 0.1.0", "version: 0.1.1");
        // The caution-tier scenario's patient, with a screening BP of 142/85: above 140, not above 145.
        Scenario s = Scenario.parse(BP_SCENARIO, Files.readAllBytes(dir.resolve(BP_SCENARIO)), p -> null);
        PatientRecord bp142 = READER.read(s.bundleJson().replace("\"value\":150", "\"value\":142")
                .replace("\"value\":92", "\"value\":85"), "bp-142-over-85");
        EvaluationContext context = EvaluationContext.of(s.mode(), s.asOf());
        Optional<Finding> before = bpFinding(engine.evaluate(bp142, context));

        KnowledgeReloader.Outcome outcome = reloader.reload(dir);
        Assessment after = engine.evaluate(bp142, context);

        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.accepted()).isTrue();
        assertThat(outcome.serving().version()).isEqualTo("0.1.1");
        assertThat(before).hasValueSatisfying(f -> assertThat(f.thresholds()).containsEntry("BP_TIER_A_SYSTOLIC", 140L));
        assertThat(bpFinding(after)).isEmpty();
        assertThat(after.knowledge()).isEqualTo(outcome.serving());
    }

    @Test
    void reload_ruleWithSyntaxError_refusedWithFileAndLineWhileOldPackageKeepsAnswering(@TempDir Path dir) throws Exception {
        PackageFolder.copy(dir);
        String broken = "$d : Diagnosis( isA(\"VS-AVM\"), !isA(\"VS-HHT\") )";
        int line = PackageFolder.lineOf(dir.resolve("contraindications.drl"), broken);
        PackageFolder.edit(dir.resolve("contraindications.drl"), broken, "$d : Diagnosis( isA(\"VS-AVM\") !isA(\"VS-HHT\") )");
        Scenario s = Scenario.parse(BP_SCENARIO, Files.readAllBytes(dir.resolve(BP_SCENARIO)), p -> null);

        KnowledgeReloader.Outcome outcome = reloader.reload(dir);
        Assessment still = engine.evaluate(READER.read(s.bundleJson(), "bp"), EvaluationContext.of(s.mode(), s.asOf()));

        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.problems()).first().asString()
                .startsWith("contraindications.drl:" + line + ": ").contains("mismatched input '!'");
        assertThat(outcome.serving()).isEqualTo(prebuilt);
        assertThat(engine.knowledge()).isEqualTo(prebuilt);
        assertThat(still.knowledge()).isEqualTo(prebuilt);
        assertThat(bpFinding(still)).isPresent();
    }

    @Test
    void reload_failingAndMalformedScenarios_refusedWithExpectedVsActualAndTheField(@TempDir Path dir) {
        PackageFolder.copy(dir);
        // Raising the adult age makes an 18-year-old a minor: the package's own near-miss scenario now fails.
        PackageFolder.edit(dir.resolve("thresholds.yaml"), "ADULT_AGE:                { value: 18,", "ADULT_AGE: { value: 21,");
        PackageFolder.edit(dir.resolve(BP_SCENARIO), "mode: candidacy\n", "");

        KnowledgeReloader.Outcome outcome = reloader.reload(dir);

        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.problems()).anySatisfy(p -> assertThat(p).startsWith(
                "scenarios/candidacy/KET-CAND-006-turns-18-today-near-miss.yaml: KET-CAND-006: must not fire, got FIRED CRITICAL"));
        assertThat(outcome.problems()).contains(BP_SCENARIO + ": missing 'mode'");
        assertThat(engine.knowledge()).isEqualTo(prebuilt);
    }

    private static Optional<Finding> bpFinding(Assessment a) {
        return a.findings().stream().filter(f -> f.ruleId().equals("KET-CONTRA-007")).findFirst();
    }
}
