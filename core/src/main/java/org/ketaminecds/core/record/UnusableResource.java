package org.ketaminecds.core.record;

/**
 * A resource of an otherwise usable record that had to be left out, e.g. a number that was a string.
 *
 * @param id      {@code Observation/<id>} (or the entry's position when it had no id)
 * @param problem what was wrong, in one line
 */
public record UnusableResource(String id, String problem) {
}
