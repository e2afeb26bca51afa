package org.ketaminecds.core;

/**
 * Told of every evaluation an engine completes, so a host can count and time them in its own metrics registry
 * (evaluations by mode and disposition, findings by rule and outcome). Called on the evaluating thread after the
 * assessment is built: keep it cheap and thread-safe. An exception it throws is not the caller's problem: the engine
 * drops it and returns the assessment.
 */
@FunctionalInterface
public interface EvaluationListener {

    /**
     * @param assessment   what the evaluation answered
     * @param elapsedNanos how long it took, from facts to assessment
     */
    void evaluated(Assessment assessment, long elapsedNanos);
}
