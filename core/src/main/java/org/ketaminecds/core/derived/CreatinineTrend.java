package org.ketaminecds.core.derived;

import java.util.Collection;
import org.ketaminecds.core.vocabulary.Reading;

/**
 * Creatinine against its baseline in an exposed patient (KET-TOL-007): the baseline is the latest creatinine on or
 * before the first exposure, else the earliest on record; the latest must be a later one. Of readings tied (§2.5),
 * the lower baseline and the higher latest: the larger rise. The engine converts every unit that converts to mg/dL;
 * other units cannot be compared.
 *
 * @param baseline the baseline, or {@code null} when there are not two creatinines
 * @param latest   the latest, or {@code null}
 */
public record CreatinineTrend(Reading baseline, Reading latest) {

    public static CreatinineTrend of(Collection<?> creatinine, KetamineExposure exposure) {
        BaselineAndLatest pair = BaselineAndLatest.of(creatinine, exposure.first(), Reading.LOWER_VALUE_FIRST,
                Reading.HIGHER_VALUE_FIRST);
        return new CreatinineTrend(pair.baseline(), pair.latest());
    }

    /** Both readings are in mg/dL. */
    public boolean comparable() {
        return baseline != null && mgDl(baseline) != null && mgDl(latest) != null;
    }

    /** The latest is at least {@code ratio} times a positive baseline. */
    public boolean reached(double ratio) {
        if (!comparable()) {
            return false;
        }
        double before = mgDl(baseline);
        return before > 0 && mgDl(latest) >= before * ratio - 1e-9;
    }

    private static Double mgDl(Reading r) {
        return "mg/dL".equals(r.unit()) ? r.value() : null;
    }
}
