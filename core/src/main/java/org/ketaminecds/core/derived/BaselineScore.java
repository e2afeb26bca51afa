package org.ketaminecds.core.derived;

import java.util.Collection;
import java.util.List;
import org.ketaminecds.core.vocabulary.Latest;
import org.ketaminecds.core.vocabulary.Reading;

/**
 * The latest total of a severity scale within the baseline window (KET-CAND-003): one reading, several when they are
 * tied for the latest (knowledge-base §2.5), none when the window holds none.
 *
 * @param scale  the scale's name, e.g. "MADRS"
 * @param latest the readings tied for the latest, possibly none
 */
public record BaselineScore(String scale, List<Reading> latest) {

    public BaselineScore {
        latest = List.copyOf(latest);
    }

    /** From the scale's totals with a value within the window. */
    public static BaselineScore of(String scale, Collection<?> totalsInWindow) {
        return new BaselineScore(scale, Latest.tied(totalsInWindow));
    }

    /** No total within the window. */
    public boolean absent() {
        return latest.isEmpty();
    }

    /**
     * True when a latest total is below {@code limit}. Of tied totals any one counts: the milder band is the one that
     * asks to reconsider.
     */
    public boolean anyBelow(double limit) {
        return latest.stream().anyMatch(r -> r.value() < limit);
    }
}
