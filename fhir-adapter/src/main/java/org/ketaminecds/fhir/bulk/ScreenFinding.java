package org.ketaminecds.fhir.bulk;

import java.util.Objects;
import org.ketaminecds.core.Finding;

/**
 * One finding of a screening result, reduced to what a population report counts.
 *
 * @param ruleId           catalog id, e.g. {@code KET-CONTRA-001}
 * @param outcome          {@code FIRED} or {@code CANNOT_ASSESS}
 * @param severity         {@code INFO}, {@code WARNING} or {@code CRITICAL}
 * @param contraindication {@code ABSOLUTE} or {@code RELATIVE}; {@code null} on findings that carry no type
 */
public record ScreenFinding(String ruleId, String outcome, String severity, String contraindication) {

    public ScreenFinding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(severity, "severity");
    }

    static ScreenFinding of(Finding f) {
        return new ScreenFinding(f.ruleId(), f.outcome().name(), f.severity().name(),
                f.contraindication() == null ? null : f.contraindication().name());
    }
}
