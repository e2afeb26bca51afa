package org.ketaminecds.core.derived;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.PackageThresholds;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Medication;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;

/** Facts for the derived-fact tests, around one evaluation time. */
final class Facts {

    static final Instant NOW = Instant.parse("2026-03-31T09:00:00Z");

    private Facts() {
    }

    static Instant daysAgo(double days) {
        return NOW.minus(Duration.ofMinutes(Math.round(days * 1440)));
    }

    static Evaluation review() {
        return new Evaluation(Mode.REVIEW, NOW, NOW, NOW, null, null, null, true, PackageThresholds.defaults());
    }

    static Evaluation preDose(Product product, Double doseMg, Route route) {
        return new Evaluation(Mode.PRE_DOSE, NOW, NOW, NOW, product, route, doseMg, true,
                PackageThresholds.defaults());
    }

    static Session session(String id, Product product, Instant start, Double doseMg, Route route) {
        return new Session(id, product, start, start.plus(Duration.ofHours(1)), doseMg, route,
                List.of("MedicationAdministration/" + id), true, "AMB", 1, false);
    }

    static Session ketamine(String id, double daysAgo, double doseMg) {
        return session(id, Product.KETAMINE, daysAgo(daysAgo), doseMg, Route.IV);
    }

    static Session esketamine(String id, double daysAgo) {
        return session(id, Product.ESKETAMINE, daysAgo(daysAgo), 56.0, Route.INTRANASAL);
    }

    static Medication dispense(String id, Instant start, Double daysSupply, List<String> receivers, String destination,
                               Route route) {
        return new Medication(id, MedicationKind.DISPENSE, Set.of("VS-KETAMINE-RACEMIC"), Set.of(), "completed", false,
                start, null, null, null, route, null, null, daysSupply, null, null, receivers, destination);
    }

    static Medication prescribed(String id, MedicationKind kind, String status, Instant when, String prescriber,
                                 String prescription) {
        return new Medication(id, kind, Set.of("VS-KETAMINE-RACEMIC"), Set.of(), status, true, when, null, null, null,
                Route.ORAL, null, kind == MedicationKind.REQUEST ? when : null, null, prescriber, prescription,
                kind == MedicationKind.DISPENSE ? List.of("Patient/p") : List.of(), null);
    }

    static Medication order(String id, Double doseMg) {
        return new Medication(id, MedicationKind.REQUEST, Set.of("VS-KETAMINE-PRODUCTS"), Set.of(), "draft", false, NOW,
                null, doseMg, null, Route.IV, null, NOW, null, null, null, List.of(), null);
    }

    static Reading reading(String id, String concept, Instant effective, Double value, String unit,
                           Double referenceHigh) {
        return new Reading(id, concept, Set.of(concept), effective, null, value, unit, Set.of(), null, referenceHigh,
                List.of(), null, true);
    }

    static Reading liverTest(String id, String analyte, double value, String unit, Double referenceHigh) {
        return new Reading(id, "VS-LFT", Set.of("VS-LFT", analyte), NOW, null, value, unit, Set.of(), null,
                referenceHigh, List.of(), null, true);
    }
}
