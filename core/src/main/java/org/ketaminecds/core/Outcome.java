package org.ketaminecds.core;

/** What a rule concluded. A rule that did not fire produces no finding at all. */
public enum Outcome {
    /** The rule's condition is met. */
    FIRED,
    /** The rule's input is missing, stale, implausible or in a wrong unit: it could not be judged. */
    CANNOT_ASSESS
}
