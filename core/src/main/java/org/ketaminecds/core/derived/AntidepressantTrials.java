package org.ketaminecds.core.derived;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ketaminecds.core.vocabulary.Diagnosis;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Latest;
import org.ketaminecds.core.vocabulary.Medication;
import org.ketaminecds.core.vocabulary.Reading;

/**
 * Which antidepressant trials of the current episode failed (KET-CAND-002, treatment resistance). A trial counts when
 * it is an oral antidepressant (augmentation agents only if TRD_COUNT_AUGMENTATION = 1), lasted at least
 * TRD_MIN_TRIAL_WEEKS, started on/after the episode's onset (the latest onset of an active MDD diagnosis; without one,
 * within TRD_EPISODE_LOOKBACK), and failed: stopped or completed with a known end date, or still current with a
 * documented inadequate response about it or a PHQ-9 drop smaller than TRD_INADEQUATE_DROP_PCT during it. A stopped
 * trial without an end date has an unknown length and does not count. Trials count per distinct ingredient.
 */
public final class AntidepressantTrials {

    private static final String INADEQUATE_RESPONSE = "LOCAL#treatment-response-inadequate";
    private static final String PHQ9_TOTAL = "VS-PHQ9-TOTAL";

    private AntidepressantTrials() {
    }

    /**
     * @param evaluation the evaluation (asOf and the TRD_* thresholds)
     * @param candidates oral antidepressants and augmentation agents (statements and requests)
     * @param readings   PHQ-9 totals and documented inadequate responses
     * @param episodes   active MDD diagnoses with an onset
     */
    public static FailedTrials failed(Evaluation evaluation, Collection<?> candidates, Collection<?> readings,
                                      Collection<?> episodes) {
        Instant asOf = evaluation.asOf();
        Instant since = episodeStart(episodes, asOf.minus(evaluation.duration("TRD_EPISODE_LOOKBACK")));
        boolean augmentation = evaluation.threshold("TRD_COUNT_AUGMENTATION") >= 1;
        Duration minimum = evaluation.duration("TRD_MIN_TRIAL_WEEKS");
        double keep = 1 - evaluation.threshold("TRD_INADEQUATE_DROP_PCT") / 100.0;
        // Ingredient -> [description, evidence...]; by ingredient, so the text does not depend on fact order.
        Map<String, List<String>> byIngredient = new TreeMap<>();
        List<Medication> sorted = new ArrayList<>();
        candidates.forEach(o -> sorted.add((Medication) o));
        sorted.sort(Comparator.comparing(Medication::id));
        for (Medication m : sorted) {
            if (!augmentation && !m.isA("VS-ORAL-ANTIDEPRESSANTS")
                    || m.start() == null || m.start().isBefore(since) || m.exposure(asOf).compareTo(minimum) < 0) {
                continue;
            }
            List<String> support = new ArrayList<>();
            String why = whyFailed(m, readings, keep, support);
            if (why == null) {
                continue;
            }
            String key = m.ingredients().isEmpty() ? m.id() : String.join("+", m.ingredients());
            List<String> trial = byIngredient.computeIfAbsent(key, k -> new ArrayList<>(List.of(m.id() + " (RxNorm "
                    + key + ", " + (m.exposure(asOf).toDays() / 7) + " weeks, " + why + ")")));
            trial.add(m.id());
            trial.addAll(support);
        }
        List<String> trials = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (List<String> t : byIngredient.values()) {
            trials.add(t.get(0));
            evidence.addAll(t.subList(1, t.size()));
        }
        return new FailedTrials(trials, evidence, !episodes.isEmpty());
    }

    /** The latest onset of the episodes, or {@code otherwise} when there is none. */
    private static Instant episodeStart(Collection<?> episodes, Instant otherwise) {
        Instant since = null;
        for (Object o : episodes) {
            Instant onset = ((Diagnosis) o).onset();
            if (since == null || onset.isAfter(since)) {
                since = onset;
            }
        }
        return since == null ? otherwise : since;
    }

    /** Why the trial failed, adding the readings that show it to {@code support}; {@code null} when it did not. */
    private static String whyFailed(Medication m, Collection<?> readings, double keep, List<String> support) {
        if (("stopped".equals(m.status()) || "completed".equals(m.status())) && m.end() != null) {
            return m.status();
        }
        if (!m.current()) {
            return null;
        }
        String why = null;
        for (Object o : readings) {
            Reading r = (Reading) o;
            if (r.isA(INADEQUATE_RESPONSE) && r.isTrue() && r.isAbout(m.id())) {
                why = "inadequate response documented";
                support.add(r.id());
            }
        }
        if (why != null) {
            return why;
        }
        List<Reading> before = new ArrayList<>();
        List<Reading> during = new ArrayList<>();
        for (Object o : readings) {
            Reading r = (Reading) o;
            if (r.isA(PHQ9_TOTAL) && r.value() != null && r.effective() != null) {
                (r.effective().isAfter(m.start()) ? during : before).add(r);
            }
        }
        // The latest of each (§2.5); of tied scores, the ones that show a response: a failed trial is counted only
        // when every reading says so (counting it argues for ketamine).
        Reading baseline = Latest.of(before, Reading.HIGHER_VALUE_FIRST);
        Reading onTrial = Latest.of(during, Reading.LOWER_VALUE_FIRST);
        if (baseline != null && onTrial != null && baseline.value() > 0 && onTrial.value() > baseline.value() * keep) {
            support.add(baseline.id());
            support.add(onTrial.id());
            return "PHQ-9 " + ClinicalText.number(baseline.value()) + " -> " + ClinicalText.number(onTrial.value());
        }
        return null;
    }
}
