package org.ketaminecds.core.derived;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.vocabulary.DataIssue;
import org.ketaminecds.core.vocabulary.Evaluation;

/** The invalid or unreadable values (data issues) that some rule of the evaluation's mode would have used. */
public final class InvalidValues {

    private static final Comparator<DataIssue> BY_RESOURCE = Comparator.comparing(DataIssue::resourceId)
            .thenComparing(DataIssue::problem);

    private InvalidValues() {
    }

    /**
     * Unreadable resources always; candidacy: BP within SCREENING_BP_MAX_AGE; pre-dose: vitals within
     * PRE_DOSE_VITALS_MAX_AGE before T0 and weight within WEIGHT_MAX_AGE; post-dose: vitals from the pre-dose
     * baseline window to the discharge time; review: weight within WEIGHT_MAX_AGE.
     */
    public static boolean relevant(DataIssue i, Evaluation ev) {
        if (i.unreadable()) {
            return true;
        }
        boolean weight = "WEIGHT".equals(i.measure());
        if (ev.mode() == Mode.CANDIDACY) {
            return "BP".equals(i.measure()) && i.within(ev.asOf(), ev.duration("SCREENING_BP_MAX_AGE"));
        }
        if (ev.mode() == Mode.PRE_DOSE) {
            return weight ? i.within(ev.t0(), ev.duration("WEIGHT_MAX_AGE"))
                    : i.within(ev.t0(), ev.duration("PRE_DOSE_VITALS_MAX_AGE"));
        }
        if (ev.mode() == Mode.POST_DOSE) {
            return !weight && MonitoringWindows.between(i, ev.t0().minus(ev.duration("PRE_DOSE_VITALS_MAX_AGE")),
                    ev.discharge());
        }
        return weight && i.within(ev.asOf(), ev.duration("WEIGHT_MAX_AGE"));
    }

    /** The problems, in resource-id order (then by problem), so the text does not depend on the engine's order. */
    public static List<String> problems(List<?> issues) {
        return sorted(issues).stream().map(DataIssue::problem).toList();
    }

    static List<DataIssue> sorted(List<?> issues) {
        List<DataIssue> sorted = new ArrayList<>();
        for (Object o : issues) {
            sorted.add((DataIssue) o);
        }
        sorted.sort(BY_RESOURCE);
        return sorted;
    }
}
