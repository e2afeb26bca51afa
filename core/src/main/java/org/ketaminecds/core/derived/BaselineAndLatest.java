package org.ketaminecds.core.derived;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.ketaminecds.core.vocabulary.Latest;
import org.ketaminecds.core.vocabulary.Reading;

/**
 * A series' baseline and latest reading: the baseline is the latest reading on or before {@code first} (else the
 * earliest on record), the latest the latest of all, which must be later than the baseline. Readings tied on
 * effective time and issued (§2.5) are told apart by the comparators: the safer value first.
 */
record BaselineAndLatest(Reading baseline, Reading latest) {

    static final BaselineAndLatest NONE = new BaselineAndLatest(null, null);

    static BaselineAndLatest of(Collection<?> readings, Instant first, Comparator<Reading> baselineSafer,
                                Comparator<Reading> latestSafer) {
        List<Reading> before = new ArrayList<>();
        List<Reading> earliest = new ArrayList<>();
        for (Object o : readings) {
            Reading r = (Reading) o;
            if (r.effective() == null) {
                continue;
            }
            if (first != null && !r.effective().isAfter(first)) {
                before.add(r);
            }
            if (earliest.isEmpty() || r.effective().isBefore(earliest.get(0).effective())) {
                earliest.clear();
                earliest.add(r);
            } else if (r.effective().equals(earliest.get(0).effective())) {
                earliest.add(r);
            }
        }
        earliest.sort(baselineSafer);
        Reading baseline = before.isEmpty() ? (earliest.isEmpty() ? null : earliest.get(0))
                : Latest.of(before, baselineSafer);
        Reading latest = Latest.of(readings, latestSafer);
        return baseline != null && latest != null && latest.isLaterThan(baseline)
                ? new BaselineAndLatest(baseline, latest) : NONE;
    }
}
