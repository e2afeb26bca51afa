package org.ketaminecds.fhir.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.Disposition;
import org.ketaminecds.fhir.bulk.ScreenComparison.RuleChange;

class ScreenComparisonTest {

    private static final ScreenFinding UNDER_AGE = new ScreenFinding("KET-CAND-006", "FIRED", "CRITICAL", null);
    private static final ScreenFinding NO_BP = new ScreenFinding("KET-CAND-012", "CANNOT_ASSESS", "WARNING", null);
    private static final ScreenFinding HIGH_BP = new ScreenFinding("KET-CAND-012", "FIRED", "WARNING", "RELATIVE");

    @TempDir
    Path temp;

    private static ScreenResult result(String patient, Disposition d, ScreenFinding... findings) {
        return new ScreenResult(patient, d, List.of(findings), "ketamine-cds-rules", "0.1.0", null);
    }

    private static ScreenComparison compare(List<ScreenResult> before, List<ScreenResult> after) {
        return ScreenComparison.of(before.iterator(), after.iterator());
    }

    @Test
    void of_ruleFiresForOnePatient_thatRuleThatPatientAndTheDispositionShift() {
        ScreenComparison c = compare(
                List.of(result("Patient/a", Disposition.NO_CONCERNS), result("Patient/b", Disposition.INCOMPLETE, NO_BP)),
                List.of(result("Patient/a", Disposition.REVIEW_REQUIRED, UNDER_AGE),
                        result("Patient/b", Disposition.INCOMPLETE, NO_BP)));

        assertThat(c.patients()).isEqualTo(2);
        assertThat(c.changedPatients()).isEqualTo(1);
        assertThat(c.changes()).containsExactly(
                new RuleChange("KET-CAND-006", "absent", "FIRED CRITICAL", List.of("Patient/a")));
        assertThat(c.dispositions()).isEqualTo(Map.of("NO_CONCERNS", Map.of("REVIEW_REQUIRED", 1L),
                "INCOMPLETE", Map.of("INCOMPLETE", 1L)));
        assertThat(c.dispositions().keySet()).containsExactly("INCOMPLETE", "NO_CONCERNS"); // worst first
    }

    @Test
    void of_outcomeChangesWithinARule_cannotAssessToFiredCountedPerTransition() {
        ScreenComparison c = compare(
                List.of(result("Patient/a", Disposition.INCOMPLETE, NO_BP), result("Patient/b", Disposition.INCOMPLETE, NO_BP),
                        result("Patient/c", Disposition.CAUTION, HIGH_BP)),
                List.of(result("Patient/a", Disposition.CAUTION, HIGH_BP), result("Patient/b", Disposition.CAUTION, HIGH_BP),
                        result("Patient/c", Disposition.NO_CONCERNS)));

        assertThat(c.changes()).containsExactly(
                new RuleChange("KET-CAND-012", "CANNOT_ASSESS WARNING", "FIRED WARNING", List.of("Patient/a", "Patient/b")),
                new RuleChange("KET-CAND-012", "FIRED WARNING", "absent", List.of("Patient/c")));
        assertThat(c.changedPatients("KET-CAND-012")).isEqualTo(3);
        assertThat(c.dispositions()).isEqualTo(Map.of("INCOMPLETE", Map.of("CAUTION", 2L),
                "CAUTION", Map.of("NO_CONCERNS", 1L)));
    }

    @Test
    void of_twoFindingsOfOneRule_bothNamedInItsOutcome() {
        ScreenComparison c = compare(List.of(result("Patient/a", Disposition.INCOMPLETE, NO_BP)),
                List.of(result("Patient/a", Disposition.CAUTION, HIGH_BP, NO_BP)));

        assertThat(c.changes()).containsExactly(new RuleChange("KET-CAND-012", "CANNOT_ASSESS WARNING",
                "CANNOT_ASSESS WARNING + FIRED WARNING", List.of("Patient/a")));
    }

    @Test
    void of_patientThatCouldNotBeAssessed_isNotAssessedInTheMatrix() {
        ScreenResult failed = new ScreenResult("Patient/a", null, List.of(), "site-rules", "2", "the evaluation failed: x");

        ScreenComparison c = compare(List.of(result("Patient/a", Disposition.NO_CONCERNS)), List.of(failed));

        assertThat(c.dispositions()).isEqualTo(Map.of("NO_CONCERNS", Map.of("NOT_ASSESSED", 1L)));
        assertThat(c.changes()).isEmpty();
    }

    @Test
    void of_differentPatients_saysSo() {
        assertThatThrownBy(() -> compare(List.of(result("Patient/a", Disposition.NO_CONCERNS)),
                List.of(result("Patient/b", Disposition.NO_CONCERNS))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Patient/a and Patient/b");
        assertThatThrownBy(() -> compare(List.of(result("Patient/a", Disposition.NO_CONCERNS)), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same number of patients");
    }

    @Test
    void of_resultFiles_readLineByLine() throws IOException {
        Path before = Files.writeString(temp.resolve("before.ndjson"),
                result("Patient/a", Disposition.NO_CONCERNS).toJson() + "\n");
        Path after = Files.writeString(temp.resolve("after.ndjson"),
                result("Patient/a", Disposition.REVIEW_REQUIRED, UNDER_AGE).toJson() + "\n");

        assertThat(ScreenComparison.of(before, after).changes()).containsExactly(
                new RuleChange("KET-CAND-006", "absent", "FIRED CRITICAL", List.of("Patient/a")));
    }

    @Test
    void reportAndJson_capTheConsoleListButNotTheFile() throws IOException {
        List<String> ids = List.of("Patient/a", "Patient/b", "Patient/c");
        ScreenComparison c = compare(ids.stream().map(p -> result(p, Disposition.NO_CONCERNS)).toList(),
                ids.stream().map(p -> result(p, Disposition.REVIEW_REQUIRED, UNDER_AGE)).toList());

        assertThat(c.report(2)).contains("3 of 3 patients changed outcome.",
                "KET-CAND-006: 3 patients changed",
                "  absent -> FIRED CRITICAL: 3 (Patient/a, Patient/b, ... 1 more)")
                .containsPattern("NO_CONCERNS\\s+3");
        JsonNode json = new ObjectMapper().readTree(c.toJson());
        assertThat(json.path("changedPatients").asLong()).isEqualTo(3);
        assertThat(json.at("/dispositions/NO_CONCERNS/REVIEW_REQUIRED").asLong()).isEqualTo(3);
        JsonNode change = json.at("/rules/KET-CAND-006/changes/0");
        assertThat(change.path("count").asInt()).isEqualTo(3);
        assertThat(StreamSupport.stream(change.path("patients").spliterator(), false).map(JsonNode::asText))
                .containsExactlyElementsOf(ids);
    }
}
