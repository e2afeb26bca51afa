package org.ketaminecds.core;

import java.time.Instant;

/**
 * One scheduled monitoring requirement, so that a host can put it on a worklist.
 *
 * @param what     what to do, e.g. {@code BP}, {@code pulse oximetry}
 * @param code     the code of what is measured, {@code system|code}, or {@code null}
 * @param dueStart start of the window in which it is due
 * @param dueEnd   end of that window
 * @param ruleId   the rule that asks for it
 */
public record MonitoringItem(String what, String code, Instant dueStart, Instant dueEnd, String ruleId) {
}
