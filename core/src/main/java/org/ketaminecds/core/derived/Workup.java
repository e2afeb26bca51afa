package org.ketaminecds.core.derived;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Reading;

/**
 * The baseline work-up before a first treatment (KET-CAND-012, knowledge-base §2.5), and what of it is missing:
 * a medication review (documented within CAND_WORKUP_MAX_AGE); allergies (any AllergyIntolerance that counts, "no
 * known allergy" included); substance use (an AUDIT-C or a urine drug screen within CAND_WORKUP_MAX_AGE, or any
 * substance use disorder on record); the psychosis history (documented as assessed); a screening BP with both
 * components; a treatment plan with a defined endpoint.
 *
 * @param missing the items not on record, in the order above: "medication review", "baseline systolic BP", ...
 */
public record Workup(List<String> missing) {

    public Workup {
        missing = List.copyOf(missing);
    }

    /**
     * @param readings    medication reviews, substance screens and urine drug screens, psychosis-history assessments
     * @param allergies   the allergies on record
     * @param sud         the substance use disorders on record
     * @param bp          the screening BP
     * @param plans       the treatment plans with a defined endpoint
     */
    public static Workup of(Evaluation evaluation, Collection<?> readings, Collection<?> allergies,
                            Collection<?> sud, ScreeningBloodPressure bp, Collection<?> plans) {
        Duration window = evaluation.duration("CAND_WORKUP_MAX_AGE");
        boolean review = false;
        boolean screen = !sud.isEmpty();
        boolean psychosis = false;
        for (Object o : readings) {
            Reading r = (Reading) o;
            review |= r.isA("LOCAL#medication-review-done") && r.isTrue() && r.within(evaluation.asOf(), window);
            screen |= (r.isA("VS-SUBSTANCE-SCREEN") || r.isA("VS-UDS")) && r.within(evaluation.asOf(), window);
            psychosis |= r.isA("LOCAL#psychosis-history-assessed") && r.isTrue();
        }
        List<String> missing = new ArrayList<>();
        if (!review) {
            missing.add("medication review");
        }
        if (allergies.isEmpty()) {
            missing.add("allergies");
        }
        if (!screen) {
            missing.add("substance use");
        }
        if (!psychosis) {
            missing.add("psychosis history");
        }
        if (!bp.complete()) {
            missing.add(bp.isEmpty() ? "baseline BP" : "baseline " + bp.missing() + " BP");
        }
        if (plans.isEmpty()) {
            missing.add("treatment plan");
        }
        return new Workup(missing);
    }

    public boolean complete() {
        return missing.isEmpty();
    }

    /** The missing items for wording: "medication review, allergies". */
    public String described() {
        return ClinicalText.list(missing);
    }
}
