package org.ketaminecds.core;

import java.util.List;
import java.util.Set;

/**
 * Everything a package says about one rule, for a person reading it (the workbench's knowledge view): its catalog
 * entry, the modes it fires in, its default wording, and what its DRL text names.
 *
 * @param info       id, title, rule set and sources
 * @param modes      the modes its {@code @modes} metadata declares
 * @param summary    its default one-line summary, placeholders unfilled ({@code {MAOI_WASHOUT}})
 * @param detail     its default clinician text, placeholders unfilled
 * @param severities the severities its rules fire with ({@code Hit.fired(id, Severity.X)})
 * @param types      the contraindication types its rules give ({@code .absolute()}, {@code .relative()})
 * @param thresholds the thresholds its rules name ({@code threshold("X")}, {@code duration("X")}, ...), sorted
 * @param concepts   the concepts (value sets, local codes) its rules name, sorted
 * @param locations  where its rules are written, one per DRL rule that starts with its id
 */
public record RuleDescription(RuleInfo info, Set<Mode> modes, String summary, String detail, Set<Severity> severities,
                              Set<ContraindicationType> types, List<String> thresholds, List<String> concepts,
                              List<Location> locations) {

    public RuleDescription {
        modes = Set.copyOf(modes);
        severities = Set.copyOf(severities);
        types = Set.copyOf(types);
        thresholds = List.copyOf(thresholds);
        concepts = List.copyOf(concepts);
        locations = List.copyOf(locations);
    }

    /**
     * One DRL rule of it.
     *
     * @param file    the rule file, relative to the package root ({@code contraindications.drl})
     * @param line    the 1-based line of its {@code rule} keyword
     * @param endLine the line of its {@code end}
     */
    public record Location(String file, int line, int endLine) {
    }
}
