package org.ketaminecds.core.derived;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ketaminecds.core.Thresholds;
import org.ketaminecds.core.vocabulary.Medication;

/**
 * The daily benzodiazepine load in diazepam equivalents (KET-CONTRA-022): over the current benzodiazepines, the daily
 * dose in mg times the DIAZEPAM_EQ_* factor of the drug's ingredient. A benzodiazepine without a daily dose in mg or
 * without exactly one factor is left out of the sum and named, so the load is then a lower bound.
 *
 * @param diazepamEquivalentMg mg diazepam-equivalent a day of the benzodiazepines that could be counted
 * @param benzodiazepines      the ids of every current benzodiazepine
 * @param uncomputed           the ids of those left out of the sum (no daily dose in mg, or no factor)
 * @param factors              the DIAZEPAM_EQ_* thresholds used, each once
 */
public record BenzodiazepineLoad(double diazepamEquivalentMg, List<String> benzodiazepines, List<String> uncomputed,
                                 List<String> factors) {

    static final String FACTOR_PREFIX = "DIAZEPAM_EQ_";

    public BenzodiazepineLoad {
        benzodiazepines = List.copyOf(benzodiazepines);
        uncomputed = List.copyOf(uncomputed);
        factors = List.copyOf(factors);
    }

    /** The load of the current benzodiazepines, with the factors in force. */
    public static BenzodiazepineLoad of(Collection<?> currentBenzodiazepines, Thresholds thresholds) {
        double load = 0;
        List<String> ids = new ArrayList<>();
        List<String> uncomputed = new ArrayList<>();
        List<String> factors = new ArrayList<>();
        for (Object o : currentBenzodiazepines) {
            Medication m = (Medication) o;
            ids.add(m.id());
            String factor = factorName(m, thresholds);
            if (factor != null && m.dailyDoseMg() != null) {
                load += m.dailyDoseMg() * thresholds.value(factor);
            } else {
                uncomputed.add(m.id());
            }
            if (factor != null && !factors.contains(factor)) {
                factors.add(factor);
            }
        }
        return new BenzodiazepineLoad(load, ids, uncomputed, factors);
    }

    /** True when every benzodiazepine was counted: the load is exact, not a lower bound. */
    public boolean complete() {
        return uncomputed.isEmpty();
    }

    /** The load to one decimal, for wording: "12.5". */
    public String described() {
        return ClinicalText.rounded(diazepamEquivalentMg, 1);
    }

    /** The benzodiazepines left out, for wording: "MedicationStatement/a, MedicationStatement/b". */
    public String uncomputedList() {
        return ClinicalText.list(uncomputed);
    }

    /** The factors used, for {@code Hit.using}. */
    public String[] factorNames() {
        return factors.toArray(new String[0]);
    }

    /**
     * The DIAZEPAM_EQ_&lt;DRUG&gt;_&lt;RxNorm ingredient&gt; threshold of the drug's one benzodiazepine ingredient;
     * {@code null} when none, or more than one, matches (the load is then not computable).
     */
    static String factorName(Medication m, Thresholds thresholds) {
        String found = null;
        for (String ingredient : m.ingredients()) {
            for (String name : thresholds.names()) {
                if (name.startsWith(FACTOR_PREFIX) && name.endsWith("_" + ingredient)) {
                    if (found != null) {
                        return null;
                    }
                    found = name;
                }
            }
        }
        return found;
    }
}
