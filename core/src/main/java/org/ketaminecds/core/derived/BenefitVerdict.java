package org.ketaminecds.core.derived;

/** What the PHQ-9 series after the last sessions shows (KET-TOL-010). */
public enum BenefitVerdict {
    /** Each relapse came sooner than the one before. */
    SHRINKING,
    /** Fewer sessions than cycles, benefit held through a cycle, or relapses not sooner each time. */
    NOT_SHOWN,
    /** No baseline, or a cycle without any PHQ-9. */
    UNKNOWN
}
