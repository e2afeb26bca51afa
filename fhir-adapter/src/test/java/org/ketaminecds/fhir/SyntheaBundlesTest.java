package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import java.time.Instant;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.Outcome;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.ObservationEntry;
import org.ketaminecds.core.record.PatientRecord;

/**
 * All 139 Synthea 3.3.0 transaction Bundles in shared/data/external-fhir/synthea-3.3.0-generated,
 * read one at a time (about 100 MB in all), checked against that folder's index.csv, and evaluated.
 */
class SyntheaBundlesTest {

    private static final FhirRecordReader READER = FhirRecordReader.create();
    private static final CdsEngine ENGINE = CdsEngine.builder().build();
    /** Synthea's reference date for this export (SOURCE.md). */
    private static final Instant AS_OF = Instant.parse("2025-06-01T00:00:00Z");
    private static final Set<String> MDD_CODES = Set.of("370143000", "36923009");

    /** What a test needs of one record, so that the records themselves need not be kept. */
    private record Summary(String file, String patientId, int observations, int allergies, int procedures,
            int unusable, boolean depression, int bpPanels, List<String> badPanels, Double maxSystolic,
            boolean activeDepression, boolean hasConditions, Assessment candidacy) {
    }

    private static final List<Summary> SUMMARIES = new ArrayList<>();
    private static final List<String> FAILURES = new ArrayList<>();
    private static Map<String, Map<String, String>> index;

    @BeforeAll
    static void readEveryBundle() throws IOException {
        Path folder = SharedData.dir("external-fhir/synthea-3.3.0-generated"); // fails (not skips) when absent
        index = readIndex(folder.resolve("index.csv"));
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            try {
                SUMMARIES.add(summarize(file.getFileName().toString(), READER.read(file)));
            } catch (UnusableRecordException e) {
                FAILURES.add(e.getMessage());
            }
        }
    }

    private static Summary summarize(String file, PatientRecord record) {
        boolean depression = record.conditions().stream()
                .flatMap(c -> c.codes().stream())
                .anyMatch(c -> Coding.SNOMED.equals(c.system()) && MDD_CODES.contains(c.code()));
        List<ObservationEntry> panels = record.observations().stream()
                .filter(o -> hasCode(o.codes(), "85354-9"))
                .toList();
        List<String> badPanels = new ArrayList<>();
        Double maxSystolic = null;
        for (ObservationEntry panel : panels) {
            ObservationEntry.Component systolic = component(panel, "8480-6");
            ObservationEntry.Component diastolic = component(panel, "8462-4");
            if (!isMmHg(systolic) || !isMmHg(diastolic)) {
                badPanels.add(panel.id() + " " + panel.components());
                continue;
            }
            maxSystolic = maxSystolic == null ? systolic.value().value() : Math.max(maxSystolic, systolic.value().value());
        }
        boolean activeDepression = record.conditions().stream()
                .filter(c -> c.abatement() == null || c.abatement().isAfter(AS_OF))
                .filter(c -> c.onset() == null || !c.onset().isAfter(AS_OF))
                .filter(c -> c.clinicalStatus() == null || "active".equals(c.clinicalStatus()) || "recurrence".equals(c.clinicalStatus()))
                .flatMap(c -> c.codes().stream())
                .anyMatch(c -> Coding.SNOMED.equals(c.system()) && MDD_CODES.contains(c.code()));
        Assessment candidacy = ENGINE.evaluate(record, EvaluationContext.of(Mode.CANDIDACY, AS_OF));
        return new Summary(file, record.patientId(), record.observations().size(), record.allergies().size(),
                record.procedures().size(), record.unusable().size(), depression, panels.size(), badPanels, maxSystolic,
                activeDepression, !record.conditions().isEmpty(), candidacy);
    }

    private static boolean hasCode(List<Coding> codes, String loinc) {
        return codes.stream().anyMatch(c -> Coding.LOINC.equals(c.system()) && loinc.equals(c.code()));
    }

    private static ObservationEntry.Component component(ObservationEntry panel, String loinc) {
        return panel.components().stream().filter(c -> hasCode(c.codes(), loinc)).findFirst().orElse(null);
    }

    private static boolean isMmHg(ObservationEntry.Component component) {
        return component != null && component.value() != null && component.value().value() != null
                && "mm[Hg]".equals(component.value().unit());
    }

    @Test
    void read_everySyntheaBundle_withoutException() {
        assertThat(FAILURES).isEmpty();
        assertThat(SUMMARIES).hasSize(index.size()).hasSize(139);
    }

    @Test
    void read_everySyntheaBundle_hasThePatientOfItsFileNameAndObservations() {
        for (Summary s : SUMMARIES) {
            String uuid = s.file().substring(s.file().lastIndexOf('_') + 1, s.file().length() - ".json".length());
            assertThat(s.patientId()).as(s.file()).isEqualTo("Patient/" + uuid);
            assertThat(s.observations()).as(s.file()).isPositive();
            assertThat(s.unusable()).as(s.file() + ": resources left out").isZero();
        }
    }

    @Test
    void read_syntheaBundles_depressionConditionsMatchTheIndex() {
        long expected = index.values().stream().filter(row -> !row.get("depression_conditions").isBlank()).count();
        long found = SUMMARIES.stream().filter(Summary::depression).count();

        assertThat(expected).as("index.csv says 25 records have an MDD Condition").isEqualTo(25);
        assertThat(found).isEqualTo(expected);
        for (Summary s : SUMMARIES) {
            assertThat(s.depression()).as(s.file()).isEqualTo(!index.get(s.file()).get("depression_conditions").isBlank());
        }
    }

    @Test
    void evaluate_everySyntheaRecord_recognisesActiveMajorDepressionFromSnomed() {
        long recognised = 0;
        for (Summary s : SUMMARIES) {
            boolean noQualifyingDiagnosis = s.candidacy().findings().stream()
                    .anyMatch(f -> f.ruleId().equals("KET-CAND-001") && f.outcome() == Outcome.FIRED);
            assertThat(s.candidacy().patient()).isEqualTo(s.patientId());
            if (s.activeDepression()) {
                assertThat(noQualifyingDiagnosis).as(s.file() + ": active SNOMED major depression must qualify").isFalse();
                recognised++;
            } else if (s.hasConditions() && !s.depression()) {
                assertThat(noQualifyingDiagnosis).as(s.file() + ": no depression on record").isTrue();
            }
        }
        assertThat(recognised).as("records with an active SNOMED MDD condition").isGreaterThan(5);
    }

    @Test
    void read_syntheaBloodPressurePanels_haveBothComponentsInMmHg() {
        int panels = 0;
        for (Summary s : SUMMARIES) {
            Map<String, String> row = index.get(s.file());
            assertThat(s.badPanels()).as(s.file()).isEmpty();
            assertThat(s.bpPanels()).as(s.file() + " BP panels").isEqualTo(Integer.parseInt(row.get("bp_panel_count")));
            if (!row.get("sbp_max").isBlank()) {
                assertThat(s.maxSystolic()).as(s.file() + " highest systolic")
                        .isEqualTo(Double.parseDouble(row.get("sbp_max")));
            }
            panels += s.bpPanels();
        }
        assertThat(panels).isGreaterThan(139);
    }

    @Test
    void read_syntheaBundles_allergyAndProcedureCountsMatchTheIndex() {
        for (Summary s : SUMMARIES) {
            Map<String, String> row = index.get(s.file());
            assertThat(s.allergies()).as(s.file() + " allergies").isEqualTo(Integer.parseInt(row.get("allergy_count")));
            assertThat(s.procedures()).as(s.file() + " procedures").isEqualTo(Integer.parseInt(row.get("procedure_count")));
        }
    }

    /** index.csv rows by file name; a small reader, as some fields are quoted and hold commas. */
    private static Map<String, Map<String, String>> readIndex(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = splitCsvLine(lines.get(0));
        Map<String, Map<String, String>> rows = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> values = splitCsvLine(line);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < values.size() ? values.get(i) : "");
            }
            rows.put(row.get("file"), row);
        }
        return rows;
    }

    private static List<String> splitCsvLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
