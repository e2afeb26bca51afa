package org.ketaminecds.fhir.cdshooks;

import java.util.List;
import org.ketaminecds.core.ContraindicationType;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.Outcome;
import org.ketaminecds.core.Severity;

/**
 * Why a clinician set a card aside: a small code system for this domain, offered per card as
 * {@code overrideReasons} and read back from feedback.
 */
public enum OverrideReason {
    SPECIALIST_CLEARANCE("specialist-clearance", "Specialist clearance documented"),
    BENEFIT_OUTWEIGHS_RISK("benefit-outweighs-risk", "Benefit outweighs the risk; rationale documented"),
    ALREADY_ADDRESSED("already-addressed", "Already addressed (measured, ordered or discussed)"),
    DATA_OUTSIDE_RECORD("data-outside-record", "Information documented outside this record"),
    RECORD_INACCURATE("record-inaccurate", "The record is inaccurate or out of date"),
    NOT_RELEVANT_NOW("not-relevant-now", "Not relevant to this decision");

    /** The code system of these reasons. */
    public static final String SYSTEM = "http://example.org/fhir/CodeSystem/ketamine-cds-override-reason";

    private final String code;
    private final String display;

    OverrideReason(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    CdsHooksJson.Coding coding() {
        return new CdsHooksJson.Coding(SYSTEM, code, display);
    }

    /** The reasons that make sense for a finding: an absolute contraindication needs a specialist, not a shrug. */
    static List<OverrideReason> forFinding(Finding f) {
        if (f.outcome() == Outcome.CANNOT_ASSESS) {
            return List.of(DATA_OUTSIDE_RECORD, ALREADY_ADDRESSED);
        }
        if (f.contraindication() == ContraindicationType.ABSOLUTE) {
            return List.of(SPECIALIST_CLEARANCE, RECORD_INACCURATE);
        }
        if (f.severity() == Severity.INFO) {
            return List.of(ALREADY_ADDRESSED, NOT_RELEVANT_NOW);
        }
        return List.of(BENEFIT_OUTWEIGHS_RISK, ALREADY_ADDRESSED, RECORD_INACCURATE);
    }
}
