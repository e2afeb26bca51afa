package org.ketaminecds.core.derived;

import java.time.Instant;
import java.util.List;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.LatestBloodPressure;

/**
 * The esketamine BP re-check at about 40 min (KET-MON-006): the BP between MON_ESK_BP_CHECK_FROM and
 * MON_ESK_BP_CHECK_TO after T0, edges included.
 *
 * @param reading the latest components in the window
 * @param from    when the window opens
 * @param to      when it closes
 */
public record EsketamineBpCheck(LatestBloodPressure reading, Instant from, Instant to) {

    /** Of the BP readings in the window. */
    public static EsketamineBpCheck of(List<?> bps, Evaluation ev) {
        return new EsketamineBpCheck(LatestBloodPressure.of(bps), ev.t0().plus(ev.duration("MON_ESK_BP_CHECK_FROM")),
                ev.t0().plus(ev.duration("MON_ESK_BP_CHECK_TO")));
    }

    /** The window has closed: asOf is past it, or the patient has left. */
    public boolean closed(Evaluation ev) {
        return MonitoringWindows.closed(ev, to);
    }
}
