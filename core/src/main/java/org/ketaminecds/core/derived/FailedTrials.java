package org.ketaminecds.core.derived;

import java.util.List;

/**
 * The failed adequate antidepressant trials of the current episode (KET-CAND-002), one per ingredient; see
 * {@link AntidepressantTrials#failed}.
 *
 * @param trials            one line per trial, by ingredient: "MedicationStatement/x (RxNorm 36437, 12 weeks, stopped)"
 * @param evidence          the ids of the trials' medications and of the readings that showed the failure
 * @param episodeOnsetKnown whether the episode's onset bounded the search (else TRD_EPISODE_LOOKBACK did)
 */
public record FailedTrials(List<String> trials, List<String> evidence, boolean episodeOnsetKnown) {

    public FailedTrials {
        trials = List.copyOf(trials);
        evidence = List.copyOf(evidence);
    }

    /** How many trials failed (distinct ingredients). */
    public int count() {
        return trials.size();
    }

    /** The trials for wording, "; " between them. */
    public String described() {
        return String.join("; ", trials);
    }
}
