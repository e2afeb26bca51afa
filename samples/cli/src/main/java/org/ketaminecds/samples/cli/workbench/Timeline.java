package org.ketaminecds.samples.cli.workbench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.MedicationEntry;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.record.ObservationEntry;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.record.Quantity;

/**
 * What the "try a patient" chart draws, derived on the server from the record as the package files it (its value
 * sets), so that the page only draws: vital-sign and score series, the thresholds the findings compared against,
 * ketamine/esketamine doses, antidepressant trials as bars, and the as-of and T0 marks.
 *
 * @param series     one per measure, points in time order
 * @param thresholds the thresholds a finding used that bear on a drawn measure
 * @param doses      ketamine and esketamine administrations (the sessions), in time order
 * @param trials     antidepressant medications, each from its start to its end (or the as-of)
 * @param asOf       the evaluation time
 * @param t0         the reference dose time: the planned dose, else the first administration of the last session by
 *                   the as-of (its first device or infusion start), or {@code null}
 */
record Timeline(List<Series> series, List<ThresholdLine> thresholds, List<Dose> doses, List<Trial> trials,
                String asOf, String t0) {

    /** The measures drawn, by the concept the package files them under. */
    enum Measure {
        SYSTOLIC("VS-BP-SYSTOLIC", "BP systolic", "mm[Hg]", "SYSTOLIC"),
        DIASTOLIC("VS-BP-DIASTOLIC", "BP diastolic", "mm[Hg]", "DIASTOLIC"),
        HEART_RATE("VS-HR", "Heart rate", "/min", "HR_"),
        SPO2("VS-SPO2", "SpO2", "%", "SPO2_"),
        PHQ9("VS-PHQ9-TOTAL", "PHQ-9", "score", "PHQ9_"),
        MADRS("LOCAL#madrs-total", "MADRS", "score", "MADRS_");

        final String concept;
        final String label;
        final String unit;
        /** Thresholds whose names hold this are drawn on its chart. */
        final String thresholdNamePart;

        Measure(String concept, String label, String unit, String thresholdNamePart) {
            this.concept = concept;
            this.label = label;
            this.unit = unit;
            this.thresholdNamePart = thresholdNamePart;
        }
    }

    record Point(String time, double value, String resource) {
    }

    record Series(String measure, String label, String unit, List<Point> points) {
    }

    record ThresholdLine(String measure, String name, double value, String ruleId) {
    }

    record Dose(String time, String product, Double doseMg, String unit, String resource) {
    }

    record Trial(String name, String start, String end, String resource) {
    }

    static final String ESKETAMINE = "VS-ESKETAMINE";
    static final String KETAMINE_PRODUCTS = "VS-KETAMINE-PRODUCTS";
    static final String ANTIDEPRESSANTS = "VS-ORAL-ANTIDEPRESSANTS";

    static Timeline of(PatientRecord record, KnowledgePackage pkg, Assessment assessment, Instant plannedTime) {
        Map<Measure, List<Point>> points = new LinkedHashMap<>();
        for (Measure m : Measure.values()) {
            points.put(m, new ArrayList<>());
        }
        for (ObservationEntry o : record.observations()) {
            if (o.effective() == null || "entered-in-error".equals(o.status())) {
                continue;
            }
            add(points, pkg.conceptsOf(o.codes()), o.value(), o);
            for (ObservationEntry.Component c : o.components()) {
                add(points, pkg.conceptsOf(c.codes()), c.value(), o);
            }
        }
        List<Series> series = new ArrayList<>();
        points.forEach((m, list) -> {
            list.sort(Comparator.comparing(Point::time));
            series.add(new Series(m.name(), m.label, m.unit, List.copyOf(list)));
        });
        List<Dose> doses = new ArrayList<>();
        List<Trial> trials = new ArrayList<>();
        Instant lastDose = null;
        for (MedicationEntry med : record.medications()) {
            Set<String> concepts = pkg.conceptsOf(med.codes());
            if (concepts.contains(KETAMINE_PRODUCTS) && med.kind() == MedicationKind.ADMINISTRATION && med.start() != null) {
                Quantity dose = med.dose();
                doses.add(new Dose(med.start().toString(), concepts.contains(ESKETAMINE) ? "esketamine" : "ketamine",
                        dose == null ? null : dose.value(), dose == null ? null : dose.unit(), med.id()));
                if (!med.start().isAfter(assessment.asOf()) && (lastDose == null || med.start().isAfter(lastDose))) {
                    lastDose = med.start();
                }
            } else if (concepts.contains(ANTIDEPRESSANTS) && med.kind() != MedicationKind.ADMINISTRATION) {
                Instant start = med.start() != null ? med.start() : med.authoredOn();
                if (start != null) {
                    Instant end = med.end() != null ? med.end() : assessment.asOf();
                    trials.add(new Trial(name(med), start.toString(), end.toString(), med.id()));
                }
            }
        }
        doses.sort(Comparator.comparing(Dose::time));
        trials.sort(Comparator.comparing(Trial::start));
        Instant t0 = plannedTime != null ? plannedTime : sessionStart(doses, lastDose);
        return new Timeline(series, thresholdsUsed(assessment), doses, trials, assessment.asOf().toString(),
                t0 == null ? null : t0.toString());
    }

    /** Doses of one session are minutes apart, sessions days apart: the session of a dose is the doses hours before it. */
    static final java.time.Duration SESSION_SPAN = java.time.Duration.ofHours(4);

    private static Instant sessionStart(List<Dose> doses, Instant lastDose) {
        if (lastDose == null) {
            return null;
        }
        return doses.stream().map(d -> Instant.parse(d.time()))
                .filter(t -> !t.isAfter(lastDose) && !t.isBefore(lastDose.minus(SESSION_SPAN)))
                .min(Instant::compareTo).orElse(lastDose);
    }

    /** Each threshold a finding compared against, once, on the chart of the measure its name speaks of. */
    private static List<ThresholdLine> thresholdsUsed(Assessment assessment) {
        Map<String, ThresholdLine> lines = new LinkedHashMap<>();
        for (Finding f : assessment.findings()) {
            f.thresholds().forEach((name, value) -> {
                for (Measure m : Measure.values()) {
                    if (name.contains(m.thresholdNamePart) && !name.contains("RISE") && !name.contains("MAX_AGE")) {
                        lines.putIfAbsent(m + "/" + name, new ThresholdLine(m.name(), name, value.doubleValue(),
                                f.ruleId()));
                    }
                }
            });
        }
        return List.copyOf(lines.values());
    }

    private static void add(Map<Measure, List<Point>> points, Set<String> concepts, Quantity value, ObservationEntry o) {
        if (value == null || value.value() == null) {
            return;
        }
        for (Measure m : Measure.values()) {
            if (concepts.contains(m.concept)) {
                points.get(m).add(new Point(o.effective().toString(), value.value(), o.id()));
            }
        }
    }

    private static String name(MedicationEntry med) {
        if (med.text() != null && !med.text().isBlank()) {
            return med.text();
        }
        return med.codes().stream().map(Coding::display).filter(d -> d != null && !d.isBlank()).findFirst()
                .orElse(med.codes().isEmpty() ? med.id() : med.codes().get(0).code());
    }
}
