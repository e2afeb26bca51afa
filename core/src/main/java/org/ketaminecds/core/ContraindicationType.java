package org.ketaminecds.core;

/** Type of a contraindication finding; the branch of the rule that fired decides it. */
public enum ContraindicationType {
    /** Do not give unless a specialist documents an override. */
    ABSOLUTE,
    /** Risk-benefit judgement: acknowledgement plus rationale. */
    RELATIVE
}
