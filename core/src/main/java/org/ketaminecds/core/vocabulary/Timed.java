package org.ketaminecds.core.vocabulary;

import java.time.Duration;
import java.time.Instant;

/** A fact with a time, and the window tests rules use on it. */
public interface Timed {

    /** When it was measured or happened; may be {@code null} when the host sent no time. */
    Instant effective();

    /** When the result was made available ({@code Observation.issued}); {@code null} when unknown or not a result. */
    default Instant issued() {
        return null;
    }

    /** True when the time lies in {@code [end - length, end]}, both edges included. */
    default boolean within(Instant end, Duration length) {
        Instant t = effective();
        return t != null && !t.isAfter(end) && !t.isBefore(end.minus(length));
    }

    /**
     * True when this happened strictly later than {@code other}: by effective time, and at the same effective time by
     * issued (knowledge-base §2.5 "the latest by effective[x] wins; ties by issued"). Two facts with the same effective
     * time and the same or an unknown issued are a tie: neither is later, so a rule that takes "the latest" sees both
     * and the weightier finding, from the safer value, is reported.
     */
    default boolean isLaterThan(Timed other) {
        Instant t = effective();
        Instant o = other.effective();
        if (t == null) {
            return false;
        }
        if (o == null || !t.equals(o)) {
            return o == null || t.isAfter(o);
        }
        Instant i = issued();
        Instant oi = other.issued();
        return i != null && oi != null && i.isAfter(oi);
    }

    /** Neither is later than the other: the same effective time, and the same or an unknown issued. */
    default boolean isTiedWith(Timed other) {
        return effective() != null && !isLaterThan(other) && !other.isLaterThan(this);
    }
}
