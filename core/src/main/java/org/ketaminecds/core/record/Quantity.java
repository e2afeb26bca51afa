package org.ketaminecds.core.record;

/**
 * A measured amount.
 *
 * @param value the number, or {@code null} when the host sent none
 * @param unit  the UCUM code (e.g. {@code mm[Hg]}, {@code %}, {@code kg}), or {@code null}
 */
public record Quantity(Double value, String unit) {

    public static Quantity of(double value, String unit) {
        return new Quantity(value, unit);
    }
}
