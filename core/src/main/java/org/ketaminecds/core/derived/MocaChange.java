package org.ketaminecds.core.derived;

import java.util.Collection;
import org.ketaminecds.core.vocabulary.Reading;

/**
 * The MoCA against its baseline (KET-TOL-009): the baseline is the latest MoCA on or before the first session, else
 * the earliest; the latest must be a later one. Of readings tied (§2.5), the higher baseline and the lower latest:
 * the larger decline.
 *
 * @param baseline the baseline, or {@code null} when there are not two scores
 * @param latest   the latest, or {@code null}
 */
public record MocaChange(Reading baseline, Reading latest) {

    public static MocaChange of(Collection<?> moca, TreatmentSpan span) {
        BaselineAndLatest pair = BaselineAndLatest.of(moca, span.firstSession(), Reading.HIGHER_VALUE_FIRST,
                Reading.LOWER_VALUE_FIRST);
        return new MocaChange(pair.baseline(), pair.latest());
    }

    /** Points the latest lies below the baseline (negative when it rose); 0 without two scores. */
    public double decline() {
        return baseline == null ? 0 : baseline.value() - latest.value();
    }
}
