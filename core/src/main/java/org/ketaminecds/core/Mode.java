package org.ketaminecds.core;

import java.util.Locale;

/** The four evaluation modes of the knowledge base (CAND, PRE, POST, REV). */
public enum Mode {
    /** Candidacy review before the first session. */
    CANDIDACY,
    /** Session day, before dosing; T0 is the planned dose time. */
    PRE_DOSE,
    /** During and after dosing until discharge; T0 is the first device or the start of the infusion. */
    POST_DOSE,
    /** Periodic review of an ongoing course. */
    REVIEW;

    /** The command-line and scenario spelling: {@code candidacy}, {@code pre-dose}, ... */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code pre-dose} as well as {@code PRE_DOSE}. */
    public static Mode parse(String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Mode mode : values()) {
            if (mode.name().equals(normalized)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + text + "' (expected candidacy, pre-dose, post-dose or review)");
    }
}
