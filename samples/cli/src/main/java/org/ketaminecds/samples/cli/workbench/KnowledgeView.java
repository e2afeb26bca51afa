package org.ketaminecds.samples.cli.workbench;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.RuleDescription;
import org.ketaminecds.core.Thresholds;

/** The knowledge view: every rule of a package as a reader sees it, with its scenarios' last results. */
final class KnowledgeView {

    /**
     * One rule.
     *
     * @param scenarios its scenarios' last results; empty while they run
     */
    record Rule(String id, String title, String ruleSet, List<String> severities, List<String> contraindications,
                List<String> modes, List<String> sources, String summary,
                String detail, List<ThresholdUse> thresholds, List<ValueSetUse> valueSets,
                List<RuleDescription.Location> locations, List<ScenarioOutcome> scenarios) {
    }

    /**
     * A threshold a rule names, as the package in use sets it.
     *
     * @param builtIn the built-in package's value when the folder sets another ({@code null} when the same): the
     *                site's change, marked on the page
     */
    record ThresholdUse(String name, double value, String unit, String basis, Double builtIn) {
    }

    record ValueSetUse(String concept, List<String> codes) {
    }

    private KnowledgeView() {
    }

    /**
     * @param pkg       the package in use
     * @param builtIn   the built-in package, to mark thresholds the folder changed
     * @param scenarios rule id -> its scenarios' results
     */
    static List<Rule> of(KnowledgePackage pkg, KnowledgePackage builtIn, Map<String, List<ScenarioOutcome>> scenarios) {
        return pkg.rules().stream().map(info -> {
            RuleDescription d = pkg.describe(info.id());
            return new Rule(info.id(), info.title(), info.ruleSet().name(), names(d.severities()), names(d.types()),
                    names(d.modes()), info.sources(), d.summary(), d.detail(),
                    d.thresholds().stream().filter(pkg.thresholds().names()::contains).map(name -> use(pkg.thresholds(), builtIn.thresholds(), name)).toList(),
                    d.concepts().stream().map(c -> new ValueSetUse(c, pkg.valueSetListing(c))).toList(),
                    d.locations(), scenarios.getOrDefault(info.id(), List.of()));
        }).toList();
    }

    private static List<String> names(java.util.Set<? extends Enum<?>> values) {
        return values.stream().sorted().map(Enum::name).toList();
    }

    private static ThresholdUse use(Thresholds in, Thresholds builtIn, String name) {
        Thresholds.Threshold t = in.get(name);
        Thresholds.Threshold was = builtIn.names().contains(name) ? builtIn.get(name) : null;
        boolean changed = was == null || was.value() != t.value() || !Objects.equals(was.unit(), t.unit());
        return new ThresholdUse(name, t.value(), t.unit(), t.basis(), changed && was != null ? was.value() : null);
    }
}
