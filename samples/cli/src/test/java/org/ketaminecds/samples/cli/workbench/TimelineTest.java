package org.ketaminecds.samples.cli.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.Disposition;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.Outcome;
import org.ketaminecds.core.RuleSet;
import org.ketaminecds.core.Severity;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.MedicationEntry;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.record.ObservationEntry;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.record.Quantity;

class TimelineTest {

    private static final Instant AS_OF = Instant.parse("2026-03-01T10:00:00Z");
    private static KnowledgePackage pkg;

    @BeforeAll
    static void load() {
        pkg = KnowledgePackage.fromClasspath();
    }

    @Test
    void of_record_seriesByTheConceptsThePackageFilesThemUnder_dosesTrialsAndTheThresholdsFindingsUsed() {
        ObservationEntry panel = new ObservationEntry("Observation/bp1", List.of(Coding.of(Coding.LOINC, "85354-9")),
                "final", Instant.parse("2026-03-01T09:10:00Z"), null, null, List.of(), null, List.of(
                        new ObservationEntry.Component(List.of(Coding.of(Coding.LOINC, "8480-6")), Quantity.of(150, "mm[Hg]"), List.of()),
                        new ObservationEntry.Component(List.of(Coding.of(Coding.LOINC, "8462-4")), Quantity.of(95, "mm[Hg]"), List.of())),
                null, List.of(), List.of(), null);
        PatientRecord record = PatientRecord.builder("p")
                .observation(panel)
                .observation(ObservationEntry.quantity("Observation/hr1", Coding.of(Coding.LOINC, "8867-4"),
                        Instant.parse("2026-03-01T09:00:00Z"), Quantity.of(72, "/min")))
                .observation(ObservationEntry.quantity("Observation/hr0", Coding.of(Coding.LOINC, "8867-4"),
                        Instant.parse("2026-02-01T09:00:00Z"), Quantity.of(80, "/min")))
                .medication(new MedicationEntry("MedicationAdministration/k1", MedicationKind.ADMINISTRATION,
                        List.of(Coding.of(Coding.RXNORM, "6130")), null, "completed", null,
                        Instant.parse("2026-03-01T09:15:00Z"), null, null, Quantity.of(35, "mg"), null, List.of(), null, null))
                .medication(new MedicationEntry("MedicationAdministration/k2", MedicationKind.ADMINISTRATION,
                        List.of(Coding.of(Coding.RXNORM, "6130")), null, "completed", null,
                        Instant.parse("2026-03-01T09:25:00Z"), null, null, Quantity.of(15, "mg"), null, List.of(), null, null))
                .medication(new MedicationEntry("MedicationStatement/c1", MedicationKind.STATEMENT,
                        List.of(new Coding(Coding.RXNORM, "2556", "citalopram")), null, "completed", null,
                        Instant.parse("2025-06-01T00:00:00Z"), Instant.parse("2025-09-01T00:00:00Z"), null, null, null,
                        List.of(), null, null))
                .build();
        Finding bp = new Finding("KET-MON-002", RuleSet.MONITORING, Outcome.FIRED, Severity.WARNING, null, null, "BP high",
                "", null, List.of("Observation/bp1"), Map.of("BP_TIER_A_SYSTOLIC", 140, "PRE_DOSE_BP_MAX_AGE", 60), List.of(),
                List.of());
        Assessment assessment = new Assessment("Patient/p", AS_OF, Mode.REVIEW, null, pkg.info(), Disposition.CAUTION,
                List.of(bp), List.of(), List.of());

        Timeline t = Timeline.of(record, pkg, assessment, null);

        assertThat(points(t, "SYSTOLIC")).containsExactly(150.0);
        assertThat(points(t, "DIASTOLIC")).containsExactly(95.0);
        assertThat(points(t, "HEART_RATE")).as("in time order").containsExactly(80.0, 72.0);
        assertThat(points(t, "SPO2")).isEmpty();
        assertThat(t.thresholds()).containsExactly(
                new Timeline.ThresholdLine("SYSTOLIC", "BP_TIER_A_SYSTOLIC", 140, "KET-MON-002"));
        assertThat(t.doses()).containsExactly(
                new Timeline.Dose("2026-03-01T09:15:00Z", "ketamine", 35.0, "mg", "MedicationAdministration/k1"),
                new Timeline.Dose("2026-03-01T09:25:00Z", "ketamine", 15.0, "mg", "MedicationAdministration/k2"));
        assertThat(t.trials()).containsExactly(new Timeline.Trial("citalopram", "2025-06-01T00:00:00Z",
                "2025-09-01T00:00:00Z", "MedicationStatement/c1"));
        assertThat(t.t0()).as("the first dose of the last session").isEqualTo("2026-03-01T09:15:00Z");
        assertThat(t.asOf()).isEqualTo(AS_OF.toString());
    }

    private static List<Double> points(Timeline t, String measure) {
        return t.series().stream().filter(s -> s.measure().equals(measure)).findFirst().orElseThrow().points().stream()
                .map(Timeline.Point::value).toList();
    }
}
