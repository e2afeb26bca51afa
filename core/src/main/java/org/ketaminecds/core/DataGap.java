package org.ketaminecds.core;

/**
 * An input a rule needed and did not get.
 *
 * @param ruleId the rule that could not be assessed
 * @param input  what it needed, in clinical words ("pre-dose BP")
 * @param reason why it was not usable ("none within 60 min before T0")
 */
public record DataGap(String ruleId, String input, String reason) {
}
