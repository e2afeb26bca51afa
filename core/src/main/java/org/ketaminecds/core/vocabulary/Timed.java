package org.ketaminecds.core.vocabulary;

import java.time.Duration;
import java.time.Instant;

/** A fact with a time, and the window tests rules use on it. */
public interface Timed {

    /** When it was measured or happened; may be {@code null} when the host sent no time. */
    Instant effective();

    /** True when the time lies in {@code [end - length, end]}, both edges included. */
    default boolean within(Instant end, Duration length) {
        Instant t = effective();
        return t != null && !t.isAfter(end) && !t.isBefore(end.minus(length));
    }

    /** True when this happened strictly later than {@code other}. */
    default boolean isLaterThan(Timed other) {
        Instant t = effective();
        Instant o = other.effective();
        return t != null && (o == null || t.isAfter(o));
    }
}
