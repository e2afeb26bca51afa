package org.ketaminecds.samples.cli.workbench;

import java.util.List;
import java.util.Set;
import org.ketaminecds.fhir.ScenarioRunner;

/**
 * What one scenario gave in the edit loop.
 *
 * @param file     its path inside the folder, e.g. {@code scenarios/contraindications/aneurysm.yaml}
 * @param name     what it shows, in words
 * @param rules    the rule ids it names (expect, mustNotFire, plan, mustNotPlan)
 * @param passed   whether every expectation held
 * @param failures one per expectation that did not hold, expected beside got; empty when it passed
 * @param got      what the engine answered, in one line (disposition and findings)
 * @param round    the round that ran it: the current one, or an earlier one when the change cannot affect it
 */
public record ScenarioOutcome(String file, String name, Set<String> rules, boolean passed,
                              List<ScenarioRunner.Difference> failures,
                              String got, int round) {

    public ScenarioOutcome {
        rules = Set.copyOf(rules);
        failures = List.copyOf(failures);
    }
}
