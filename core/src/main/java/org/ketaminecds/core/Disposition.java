package org.ketaminecds.core;

import java.util.List;

/** The overall answer, worst first. Decision support: it never blocks a clinician. */
public enum Disposition {
    /** An absolute contraindication fired. */
    DO_NOT_PROCEED,
    /** A critical finding fired or could not be assessed. */
    REVIEW_REQUIRED,
    /** A warning-level rule could not be assessed, nothing critical. */
    INCOMPLETE,
    /** A warning fired. */
    CAUTION,
    NO_CONCERNS;

    /** The disposition ladder of DESIGN.md, applied to all findings. */
    public static Disposition of(List<Finding> findings) {
        Disposition worst = NO_CONCERNS;
        for (Finding f : findings) {
            Disposition d = of(f);
            if (d.ordinal() < worst.ordinal()) {
                worst = d;
            }
        }
        return worst;
    }

    private static Disposition of(Finding f) {
        boolean fired = f.outcome() == Outcome.FIRED;
        if (fired && f.contraindication() == ContraindicationType.ABSOLUTE) {
            return DO_NOT_PROCEED;
        }
        if (f.severity() == Severity.CRITICAL) {
            return REVIEW_REQUIRED;
        }
        if (!fired && f.severity() == Severity.WARNING) {
            return INCOMPLETE;
        }
        if (fired && f.severity() == Severity.WARNING) {
            return CAUTION;
        }
        return NO_CONCERNS;
    }
}
