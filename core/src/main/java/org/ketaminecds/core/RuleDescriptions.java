package org.ketaminecds.core;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@link RuleDescription} out of a rule's catalog entry and the text of the DRL rules that carry its id. */
final class RuleDescriptions {

    /** {@code Hit.fired("KET-CONTRA-001", Severity.CRITICAL).absolute()}: the id, the severity and the type. */
    private static final Pattern FIRED = Pattern.compile(
            "Hit\\.fired\\(\\s*\"([^\"]+)\"\\s*,\\s*Severity\\.([A-Z]+)\\s*\\)(?:\\s*\\.(absolute|relative)\\(\\))?");

    private RuleDescriptions() {
    }

    static RuleDescription describe(RuleCatalog.Entry entry, Map<String, DrlSource> drl,
                                    Map<String, Set<Mode>> ruleModes) {
        String id = entry.id();
        Set<Mode> modes = EnumSet.noneOf(Mode.class);
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        Set<ContraindicationType> types = EnumSet.noneOf(ContraindicationType.class);
        Set<String> thresholds = new TreeSet<>();
        Set<String> concepts = new TreeSet<>();
        List<RuleDescription.Location> locations = new ArrayList<>();
        drl.forEach((path, source) -> {
            for (DrlSource.Rule r : source.rules()) {
                if (!id.equals(r.id())) {
                    continue;
                }
                int end = source.lineOf(r.at() + r.body().length());
                locations.add(new RuleDescription.Location(path, r.line(), end));
                modes.addAll(ruleModes.getOrDefault(r.name(), Set.of()));
                source.thresholds().stream().filter(u -> r.line() <= u.line() && u.line() <= end)
                        .forEach(u -> thresholds.add(u.name()));
                source.concepts().stream().filter(u -> r.line() <= u.line() && u.line() <= end)
                        .forEach(u -> concepts.add(u.name()));
                Matcher fired = FIRED.matcher(r.body());
                while (fired.find()) {
                    if (fired.group(1).equals(id)) {
                        severities.add(Severity.valueOf(fired.group(2)));
                        if (fired.group(3) != null) {
                            types.add(ContraindicationType.valueOf(fired.group(3).toUpperCase(Locale.ROOT)));
                        }
                    }
                }
            }
        });
        return new RuleDescription(new RuleInfo(id, entry.title(), entry.ruleSet(), entry.sources()), modes,
                entry.summary("default"), entry.detail("default"), severities, types, List.copyOf(thresholds),
                List.copyOf(concepts), locations);
    }
}
