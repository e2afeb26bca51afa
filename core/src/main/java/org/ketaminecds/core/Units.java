package org.ketaminecds.core;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumService;

/**
 * Converts a value from the UCUM unit a host sent to the unit a rule uses (176 [lb_av] to kg, kPa to mm[Hg], ukat/L to
 * U/L), with the UCUM essence that org.fhir:ucum bundles: no network, no file of ours.
 *
 * <p>Cost: the essence (about 0.3 s to read cold) is read once per JVM, on a background thread started when the first
 * engine is built, so neither the build nor an evaluation reads it. Each unit pair is then worked out once; after
 * that a conversion is a multiplication. A record whose units are the rules' own never waits for the essence.
 *
 * <p>Beyond UCUM's linear conversions: the temperature scales (Cel, [degF], K), whose offsets org.fhir:ucum does not
 * handle, and an amount of substance to a mass by a measure's molar mass (creatinine umol/L to mg/dL).
 */
final class Units {

    /** {@code to = from * factor + offset}. */
    record Conversion(double factor, double offset) {
        static final Conversion IDENTITY = new Conversion(1, 0);

        double apply(double value) {
            return value * factor + offset;
        }
    }

    private static final Optional<Conversion> SAME_UNIT = Optional.of(Conversion.IDENTITY);
    private static final Map<String, Optional<Conversion>> CONVERSIONS = new ConcurrentHashMap<>();
    private static final Map<String, Conversion> TO_KELVIN = Map.of(
            "K", new Conversion(1, 0),
            "Cel", new Conversion(1, 273.15),
            "[degF]", new Conversion(5.0 / 9, 273.15 - 32 * 5.0 / 9));
    private static final CompletableFuture<UcumService> ESSENCE = new CompletableFuture<>();
    private static boolean loading;

    private Units() {
    }

    /** Starts reading the UCUM essence in the background, once per JVM; an engine build calls it. */
    static synchronized void preload() {
        if (loading) {
            return;
        }
        loading = true;
        Thread reader = new Thread(() -> {
            try (InputStream in = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
                ESSENCE.complete(new UcumEssenceService(in));
            } catch (Exception | LinkageError e) {
                ESSENCE.completeExceptionally(e);
            }
        }, "ketamine-cds-ucum");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * How to convert {@code from} to {@code to}; empty when the units are not of one dimension (or not UCUM).
     *
     * @param molarMass g/mol of the substance, to convert an amount of substance to a mass; {@code null} if none
     */
    static Optional<Conversion> conversion(String from, String to, Double molarMass) {
        if (from == null || to == null || from.isBlank()) {
            return Optional.empty();
        }
        if (from.equals(to)) {
            return SAME_UNIT; // the common case: no lookup, no allocation
        }
        return CONVERSIONS.computeIfAbsent(from + "\u0000" + to + "\u0000" + molarMass, k -> compute(from, to, molarMass));
    }

    private static Optional<Conversion> compute(String from, String to, Double molarMass) {
        if (TO_KELVIN.containsKey(from) && TO_KELVIN.containsKey(to)) {
            Conversion f = TO_KELVIN.get(from);
            Conversion t = TO_KELVIN.get(to);
            return Optional.of(new Conversion(f.factor() / t.factor(), (f.offset() - t.offset()) / t.factor()));
        }
        UcumService ucum = essence();
        if (ucum == null) {
            return Optional.empty();
        }
        synchronized (Units.class) { // the service is not documented as thread-safe; this runs once per unit pair
            Double factor = factor(ucum, from, to);
            if (factor == null && molarMass != null) {
                Double toMolar = factor(ucum, from, "mol/L");
                Double fromMass = factor(ucum, "g/L", to);
                factor = toMolar == null || fromMass == null ? null : toMolar * molarMass * fromMass;
            }
            return factor == null ? Optional.empty() : Optional.of(new Conversion(factor, 0));
        }
    }

    private static Double factor(UcumService ucum, String from, String to) {
        try {
            if (!ucum.isComparable(from, to)) {
                return null;
            }
            Decimal one = ucum.convert(new Decimal("1"), from, to);
            return new BigDecimal(one.asDecimal()).doubleValue();
        } catch (Exception | AssertionError e) { // not a UCUM unit, or one the library does not convert (it asserts)
            return null;
        }
    }

    private static UcumService essence() {
        preload();
        try {
            return ESSENCE.join();
        } catch (RuntimeException e) {
            return null; // the bundled essence could not be read: no unit converts, every other one is reported
        }
    }
}
