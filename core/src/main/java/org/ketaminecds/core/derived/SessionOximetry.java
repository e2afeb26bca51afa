package org.ketaminecds.core.derived;

import java.util.List;
import org.ketaminecds.core.vocabulary.Evaluation;

/**
 * The session's pulse oximetry (KET-MON-011): the SpO2 readings from T0 to the discharge time.
 *
 * @param readings how many valid readings there are
 * @param lowest   the lowest value, or {@code null} without readings
 * @param critical the readings below SPO2_CRIT, sorted by id
 * @param lowRun   the readings in runs of two or more consecutive ones below SPO2_WARN, in time order
 */
public record SessionOximetry(int readings, Double lowest, List<String> critical, List<String> lowRun) {

    public SessionOximetry {
        critical = List.copyOf(critical);
        lowRun = List.copyOf(lowRun);
    }

    /** Of the session's SpO2 readings (each with a value). */
    public static SessionOximetry of(List<?> spo2, Evaluation ev) {
        return new SessionOximetry(spo2.size(), spo2.isEmpty() ? null : ScoreSeries.lowest(spo2),
                EvidenceIds.valueBelow(spo2, ev.threshold("SPO2_CRIT")),
                ScoreSeries.consecutiveBelow(spo2, ev.threshold("SPO2_WARN")));
    }
}
