package org.ketaminecds.core.derived;

import java.time.Instant;
import java.util.List;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Session;

/**
 * The moments of the current session the monitoring rules plan and judge against. Before dosing they count from the
 * planned T0 (dosing is taken to end there); after it from the current session's administrations.
 *
 * @param end                 when dosing ended; {@code null} while an administration is still running
 * @param recoveryFrom        when recovery starts: the end of dosing, or now (asOf, not before T0) while dosing goes on
 * @param earliestDischarge   the earliest time the patient may leave ({@link SessionTimes#earliestDischarge})
 * @param ketamineRecoveryEnd OBS_MIN_KET after {@code recoveryFrom}
 * @param finalBpFrom         when the final BP before discharge counts from: the end of the esketamine BP check
 *                            window when the product may be esketamine, else {@code recoveryFrom}
 */
public record DosingTimes(Instant end, Instant recoveryFrom, Instant earliestDischarge, Instant ketamineRecoveryEnd,
                          Instant finalBpFrom) {

    /** Before dosing: everything counts from the planned T0. */
    public static DosingTimes planned(Evaluation ev) {
        return from(ev, ev.t0(), ev.t0());
    }

    /** After dosing: from the current session's administrations (a collected list of the record's administrations). */
    public static DosingTimes of(Session current, List<?> administrations, Evaluation ev) {
        return from(ev, SessionTimes.dosingEnd(current, administrations, ev),
                SessionTimes.dosingEndOrNow(current, administrations, ev));
    }

    private static DosingTimes from(Evaluation ev, Instant end, Instant recoveryFrom) {
        Instant finalBpFrom = ev.productMayBe(Product.ESKETAMINE)
                ? ev.t0().plus(ev.duration("MON_ESK_BP_CHECK_TO")) : recoveryFrom;
        return new DosingTimes(end, recoveryFrom, SessionTimes.earliestDischarge(ev, recoveryFrom),
                recoveryFrom.plus(ev.duration("OBS_MIN_KET")), finalBpFrom);
    }
}
