package org.ketaminecds.samples.cli.workbench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One pass of the edit loop: what changed in the rule folder, what that can affect, and what checking and re-running
 * it found.
 *
 * @param number        1 for the first (full) round at start, then one more per settled save
 * @param started       when the round began (after the save settled)
 * @param took          from start to results
 * @param changedFiles  the package files added, edited or deleted since the previous round, by path inside the folder
 *                      (all of them in round 1)
 * @param affectedRules the rules the change can affect, whose scenarios were re-run (all the package's when unsure)
 * @param problems      what is wrong with the folder (errors: it does not load, no scenario ran) and what it allows
 *                      but probably should not (warnings), each at its file and line
 * @param scenarios     every scenario of the folder, in path order: the ones this round ran, and the others with the
 *                      result of the round that last ran them (the change cannot affect them); empty when the folder
 *                      does not load
 */
public record EditRound(int number, Instant started, Duration took, List<String> changedFiles,
                        Set<String> affectedRules, List<FolderProblem> problems, List<ScenarioOutcome> scenarios) {

    public EditRound {
        changedFiles = List.copyOf(changedFiles);
        affectedRules = Set.copyOf(affectedRules);
        problems = List.copyOf(problems);
        scenarios = List.copyOf(scenarios);
    }

    /** No error among the problems (warnings allowed), and every scenario ran and passed. */
    public boolean passed() {
        return problems.stream().noneMatch(p -> p.level() == FolderProblem.Level.ERROR) && !scenarios.isEmpty()
                && scenarios.stream().allMatch(ScenarioOutcome::passed);
    }
}
