package org.ketaminecds.core.vocabulary;

import java.time.Duration;
import java.time.Instant;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.Thresholds;

/**
 * The one fact per evaluation that says what is being evaluated: the rules' only notion of time.
 *
 * @param mode                 the evaluation mode
 * @param asOf                 the evaluation time
 * @param t0                   the reference dose time: planned time in pre-dose, first device/infusion start of the
 *                             current session in post-dose, else asOf
 * @param discharge            post-dose: the current session Encounter's end when recorded, else asOf
 * @param product              the planned product, or {@code null} when unknown
 * @param route                the planned route, or {@code null}
 * @param doseMg               the planned dose, or {@code null}
 * @param hasConditionRecords  whether the record holds any Condition at all
 * @param thresholds           the named thresholds in force
 */
public record Evaluation(
        Mode mode,
        Instant asOf,
        Instant t0,
        Instant discharge,
        Product product,
        Route route,
        Double doseMg,
        boolean hasConditionRecords,
        Thresholds thresholds) {

    /**
     * True when a rule scoped to {@code candidate} must run: the planned product is that one, or unknown
     * (then the finding says which product it speaks for).
     */
    public boolean productMayBe(Product candidate) {
        return product == null || product == candidate;
    }

    /** Time from T0 to {@code t}: how long after the dose something happened (negative before it). */
    public Duration sinceT0(Instant t) {
        return Duration.between(t0, t);
    }

    /** The planned product's name ({@code esketamine}, {@code ketamine}) for product-specific wording, else {@code fallback}. */
    public String productOr(String fallback) {
        return product == null ? fallback : product.displayName();
    }

    /** A named number, e.g. {@code BP_TIER_A_SYSTOLIC}. */
    public double threshold(String name) {
        return thresholds.value(name);
    }

    /** A named duration, e.g. {@code PRE_DOSE_VITALS_MAX_AGE}. */
    public Duration duration(String name) {
        return thresholds.duration(name);
    }

    /** True when the evaluation runs in one of the given modes. */
    public boolean in(Mode... modes) {
        for (Mode m : modes) {
            if (m == mode) {
                return true;
            }
        }
        return false;
    }
}
