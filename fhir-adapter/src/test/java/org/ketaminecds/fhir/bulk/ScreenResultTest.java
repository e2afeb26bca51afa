package org.ketaminecds.fhir.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Disposition;

class ScreenResultTest {

    private static final ScreenResult ASSESSED = new ScreenResult("Patient/p1", Disposition.DO_NOT_PROCEED, List.of(
            new ScreenFinding("KET-CONTRA-001", "FIRED", "CRITICAL", "ABSOLUTE"),
            new ScreenFinding("KET-MON-001", "CANNOT_ASSESS", "WARNING", null)),
            "ketamine-cds-rules", "1.0.0", null);
    private static final ScreenResult FAILED = new ScreenResult("Patient/p2", null, List.of(),
            "ketamine-cds-rules", "1.0.0", "the resources have no Patient");

    @Test
    void toJson_assessed_fixedFieldOrderNullsLeftOut() {
        assertThat(ASSESSED.toJson()).isEqualTo("{\"patient\":\"Patient/p1\",\"disposition\":\"DO_NOT_PROCEED\","
                + "\"findings\":[{\"ruleId\":\"KET-CONTRA-001\",\"outcome\":\"FIRED\",\"severity\":\"CRITICAL\","
                + "\"contraindication\":\"ABSOLUTE\"},{\"ruleId\":\"KET-MON-001\",\"outcome\":\"CANNOT_ASSESS\","
                + "\"severity\":\"WARNING\"}],\"knowledge\":{\"id\":\"ketamine-cds-rules\",\"version\":\"1.0.0\"}}");
    }

    @Test
    void toJson_error_noDispositionAndTheError() {
        assertThat(FAILED.toJson()).isEqualTo("{\"patient\":\"Patient/p2\",\"findings\":[],"
                + "\"knowledge\":{\"id\":\"ketamine-cds-rules\",\"version\":\"1.0.0\"},"
                + "\"error\":\"the resources have no Patient\"}");
    }

    @Test
    void fromJson_whatToJsonWrote_equalResult() {
        assertThat(ScreenResult.fromJson(ASSESSED.toJson())).isEqualTo(ASSESSED);
        assertThat(ScreenResult.fromJson(FAILED.toJson())).isEqualTo(FAILED);
    }

    @Test
    void fromJson_notAResult_illegalArgument() {
        assertThatThrownBy(() -> ScreenResult.fromJson("{\"patient\":\"Patient/p1\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no 'id'");
        assertThatThrownBy(() -> ScreenResult.fromJson("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScreenResult.fromJson("{")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructor_bothOrNeitherDispositionAndError_rejected() {
        assertThatThrownBy(() -> new ScreenResult("Patient/p", null, List.of(), "k", "1", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScreenResult("Patient/p", Disposition.CAUTION, List.of(), "k", "1", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
