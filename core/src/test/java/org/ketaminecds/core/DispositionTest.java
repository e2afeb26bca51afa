package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispositionTest {

    private static Finding finding(Outcome outcome, Severity severity, ContraindicationType type) {
        return new Finding("KET-X-001", RuleSet.CONTRAINDICATIONS, outcome, severity, type, null, "s", "d", null,
                List.of(), Map.of(), List.of(), List.of());
    }

    @Test
    void of_ladder_worstWins() {
        Finding absolute = finding(Outcome.FIRED, Severity.CRITICAL, ContraindicationType.ABSOLUTE);
        Finding critical = finding(Outcome.FIRED, Severity.CRITICAL, ContraindicationType.RELATIVE);
        Finding criticalGap = finding(Outcome.CANNOT_ASSESS, Severity.CRITICAL, null);
        Finding warningGap = finding(Outcome.CANNOT_ASSESS, Severity.WARNING, null);
        Finding warning = finding(Outcome.FIRED, Severity.WARNING, null);
        Finding info = finding(Outcome.FIRED, Severity.INFO, null);

        assertThat(Disposition.of(List.of(info, warning, absolute))).isEqualTo(Disposition.DO_NOT_PROCEED);
        assertThat(Disposition.of(List.of(critical, warningGap))).isEqualTo(Disposition.REVIEW_REQUIRED);
        assertThat(Disposition.of(List.of(criticalGap))).isEqualTo(Disposition.REVIEW_REQUIRED);
        assertThat(Disposition.of(List.of(warning, warningGap))).isEqualTo(Disposition.INCOMPLETE);
        assertThat(Disposition.of(List.of(info, warning))).isEqualTo(Disposition.CAUTION);
        assertThat(Disposition.of(List.of(info))).isEqualTo(Disposition.NO_CONCERNS);
        assertThat(Disposition.of(List.of())).isEqualTo(Disposition.NO_CONCERNS);
    }

    @Test
    void of_cannotAssessAbsoluteType_isNotDoNotProceed() {
        Finding gap = finding(Outcome.CANNOT_ASSESS, Severity.CRITICAL, ContraindicationType.ABSOLUTE);

        assertThat(Disposition.of(List.of(gap))).isEqualTo(Disposition.REVIEW_REQUIRED);
    }
}
