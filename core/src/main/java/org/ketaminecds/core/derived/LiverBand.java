package org.ketaminecds.core.derived;

/** How far a liver test lies above its upper limit of normal (KET-TOL-008). */
public enum LiverBand {
    /** Within the limit, or not judgeable. */
    NORMAL,
    /** Above the upper limit of normal. */
    ABOVE_LIMIT,
    /** Above the critical multiple of it. */
    INJURY
}
