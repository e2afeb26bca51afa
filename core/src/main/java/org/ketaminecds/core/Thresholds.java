package org.ketaminecds.core;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The named numbers rules compare against (knowledge-base §2.0), with their units and basis.
 * Immutable; {@link #withOverrides(Map)} gives a copy with site-specific values.
 */
public final class Thresholds {

    /**
     * One threshold.
     *
     * @param value the number
     * @param unit  its unit: {@code min}, {@code h}, {@code d}, {@code wk}, {@code a} make it a duration; others
     *              ({@code mm[Hg]}, {@code %}, {@code /min}, {@code mg}) are plain numbers
     * @param basis where the default comes from, e.g. "clinic convention (unverified)"
     */
    public record Threshold(double value, String unit, String basis) {
    }

    private final Map<String, Threshold> byName;
    /** Rules ask for thresholds inside constraints, per fact: answer from maps, computed once. */
    private final Map<String, Duration> durations = new java.util.HashMap<>();
    private final Map<String, Number> numbers = new java.util.HashMap<>();

    Thresholds(Map<String, Threshold> byName) {
        this.byName = Collections.unmodifiableMap(new TreeMap<>(byName));
        byName.forEach((name, t) -> {
            double v = t.value();
            numbers.put(name, v == Math.rint(v) && Math.abs(v) < Long.MAX_VALUE ? (Number) (long) v : (Number) v);
            Duration d = toDuration(t);
            if (d != null) {
                durations.put(name, d);
            }
        });
    }

    public Set<String> names() {
        return byName.keySet();
    }

    public Threshold get(String name) {
        Threshold t = byName.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown threshold '" + name + "' (the package defines " + byName.keySet() + ")");
        }
        return t;
    }

    public double value(String name) {
        return number(name).doubleValue();
    }

    /** The value as an integer when it is whole (so output shows {@code 140}, not {@code 140.0}). */
    public Number number(String name) {
        Number n = numbers.get(name);
        if (n == null) {
            get(name); // names the unknown threshold
        }
        return n;
    }

    /** The value as a duration; fails when the threshold's unit is not a time unit. */
    public Duration duration(String name) {
        Duration d = durations.get(name);
        if (d == null) {
            Threshold t = get(name);
            throw new IllegalArgumentException("threshold '" + name + "' is in '" + t.unit() + "', not a time unit");
        }
        return d;
    }

    /** The threshold as a duration, or {@code null} when its unit is not a time unit. */
    static Duration toDuration(Threshold t) {
        Double minutes = switch (t.unit()) {
            case "min" -> t.value();
            case "h" -> t.value() * 60;
            case "d" -> t.value() * 60 * 24;
            case "wk" -> t.value() * 60 * 24 * 7;
            case "a" -> t.value() * 60 * 24 * 365.25;
            default -> null;
        };
        return minutes == null ? null : Duration.ofSeconds(Math.round(minutes * 60));
    }

    /** "60 min", "140 mm[Hg]": for wording. */
    public String describe(String name) {
        return number(name) + " " + get(name).unit();
    }

    /** A copy in which the given names take new values (units and basis kept). Unknown names are an error. */
    public Thresholds withOverrides(Map<String, ? extends Number> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        Map<String, Threshold> copy = new TreeMap<>(byName);
        overrides.forEach((name, value) -> {
            Threshold old = get(name);
            copy.put(name, new Threshold(Objects.requireNonNull(value, name).doubleValue(), old.unit(), "override"));
        });
        return new Thresholds(copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Thresholds other && byName.equals(other.byName);
    }

    @Override
    public int hashCode() {
        return byName.hashCode();
    }
}
