package org.ketaminecds.core.derived;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Latest;
import org.ketaminecds.core.vocabulary.Reading;

/**
 * A depression score before a course and the latest one after its start, on the same scale (PHQ-9, else MADRS).
 *
 * @param baseline the latest score within MON_OUTCOME_BASELINE_MAX_AGE before the first session
 * @param latest   the latest score after the first session's start
 */
public record ScoreChange(Reading baseline, Reading latest) {

    /**
     * The PHQ-9 pair if the scale has both scores, else the MADRS pair, else {@code null}. Of scores tied for the
     * latest (§2.5), the lower baseline and the higher later score: the smaller reduction, the safer reading.
     */
    static ScoreChange of(List<?> scores, Instant firstStart, Evaluation ev) {
        List<Reading> phqBase = new ArrayList<>();
        List<Reading> phqLater = new ArrayList<>();
        List<Reading> madrsBase = new ArrayList<>();
        List<Reading> madrsLater = new ArrayList<>();
        for (Object o : scores) {
            Reading r = (Reading) o;
            boolean base = r.within(firstStart, ev.duration("MON_OUTCOME_BASELINE_MAX_AGE"));
            boolean later = MonitoringWindows.after(r, firstStart);
            if (r.isA("VS-PHQ9-TOTAL")) {
                addIf(base, r, phqBase);
                addIf(later, r, phqLater);
            } else if (r.isA("LOCAL#madrs-total")) {
                addIf(base, r, madrsBase);
                addIf(later, r, madrsLater);
            }
        }
        if (!phqBase.isEmpty() && !phqLater.isEmpty()) {
            return pair(phqBase, phqLater);
        }
        if (!madrsBase.isEmpty() && !madrsLater.isEmpty()) {
            return pair(madrsBase, madrsLater);
        }
        return null;
    }

    /** The reduction from the baseline, in percent of it (negative when worse); the baseline must be above 0. */
    public double reductionPercent() {
        return (baseline.value() - latest.value()) * 100.0 / baseline.value();
    }

    /** "PHQ-9" or "MADRS". */
    public String scale() {
        return baseline.isA("VS-PHQ9-TOTAL") ? "PHQ-9" : "MADRS";
    }

    private static void addIf(boolean condition, Reading r, List<Reading> to) {
        if (condition) {
            to.add(r);
        }
    }

    private static ScoreChange pair(List<Reading> base, List<Reading> later) {
        return new ScoreChange(Latest.of(base, Reading.LOWER_VALUE_FIRST), Latest.of(later, Reading.HIGHER_VALUE_FIRST));
    }
}
