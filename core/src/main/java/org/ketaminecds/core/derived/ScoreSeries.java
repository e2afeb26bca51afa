package org.ketaminecds.core.derived;

import java.util.ArrayList;
import java.util.List;
import org.ketaminecds.core.vocabulary.Latest;
import org.ketaminecds.core.vocabulary.Reading;

/** What a series of readings shows: its lowest and highest value, runs below a limit, the latest answer. */
public final class ScoreSeries {

    private ScoreSeries() {
    }

    public static double lowest(List<?> readings) {
        double lowest = Double.MAX_VALUE;
        for (Object o : readings) {
            lowest = Math.min(lowest, ((Reading) o).value());
        }
        return lowest;
    }

    public static double highest(List<?> readings) {
        double highest = -Double.MAX_VALUE;
        for (Object o : readings) {
            highest = Math.max(highest, ((Reading) o).value());
        }
        return highest;
    }

    /** Ids of every run of at least two consecutive readings (in time order) below the limit, in time order. */
    static List<String> consecutiveBelow(List<?> readings, double limit) {
        List<Reading> sorted = MonitoringWindows.sortedByTime(readings);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i < sorted.size(); i++) {
            Reading a = sorted.get(i - 1);
            Reading b = sorted.get(i);
            if (a.value() < limit && b.value() < limit) {
                if (!ids.contains(a.id())) {
                    ids.add(a.id());
                }
                if (!ids.contains(b.id())) {
                    ids.add(b.id());
                }
            }
        }
        return ids;
    }

    /** The latest yes/no answer; of answers tied for the latest (§2.5), one that is not yes. {@code null} when none. */
    public static Reading latestAnswer(List<?> answers) {
        return Latest.of(answers, Reading.NOT_TRUE_FIRST);
    }
}
