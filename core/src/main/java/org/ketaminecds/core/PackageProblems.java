package org.ketaminecds.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ketaminecds.core.KnowledgePackageException.Problem;

/**
 * The consistency checks of a package that name a file and line: what a folder's author must fix. Each adds to a list
 * rather than throwing, so that the author sees every problem at once.
 */
final class PackageProblems {

    private PackageProblems() {
    }

    /** Every rule file against the allow-list ({@link DrlAllowList}): what must be fixed before any is compiled. */
    static List<Problem> ruleFiles(Map<String, byte[]> files) {
        List<Problem> problems = new ArrayList<>();
        files.forEach((path, bytes) -> {
            if (path.endsWith(".drl")) {
                problems.addAll(DrlAllowList.check(path, new String(bytes, StandardCharsets.UTF_8)));
            }
        });
        return problems;
    }

    /** The thresholds the engine itself reads. */
    static void requiredThresholds(Thresholds thresholds, List<Problem> problems) {
        for (Measure m : Measure.values()) {
            for (String name : m.checked() ? List.of(m.min, m.max) : List.<String>of()) {
                if (!thresholds.names().contains(name)) {
                    problems.add(new Problem("thresholds.yaml", 0, "the package must define " + name
                            + " (the engine uses it to check " + m.label + " readings)"));
                }
            }
        }
        for (String name : FactBuilder.REQUIRED_THRESHOLDS) {
            if (!thresholds.names().contains(name)) {
                problems.add(new Problem("thresholds.yaml", 0, "the package must define " + name
                        + " (the engine uses it to tell which medications are current)"));
            }
        }
    }

    /** The value sets the engine itself reads the record with. */
    static void requiredConcepts(Terminology terminology, List<Problem> problems) {
        for (String concept : FactBuilder.REQUIRED_CONCEPTS) {
            if (!terminology.conceptNames().contains(concept)) {
                problems.add(new Problem("valuesets/", 0, "the package must define " + concept
                        + " (the engine uses it to read the record)"));
            }
        }
    }

    /**
     * Read from the DRL text, not the compiled rules, so the problems show with their line and even when the DRL
     * does not compile: every rule name starts with a catalog id (or "define "), and every id has wording. (Two rules
     * with one name are a compile error, reported by the compiler with its line.)
     */
    static void ruleNames(Collection<DrlSource> sources, RuleCatalog catalog, List<Problem> problems) {
        Set<String> withoutWording = new TreeSet<>();
        for (DrlSource source : sources) {
            for (DrlSource.Rule rule : source.rules()) {
                String id = rule.id();
                if (rule.defines()) {
                    continue; // a define rule names an intermediate fact other rules read; it has no finding
                }
                if (id == null) {
                    problems.add(new Problem(source.path(), rule.line(), "rule \"" + rule.name() + "\": a rule name "
                            + "must start with its catalog id, KET-CAND-, KET-CONTRA-, KET-TOL- or KET-MON- and three "
                            + "digits, e.g. \"KET-CONTRA-001 aneurysm\", or, for a rule that derives a fact other rules "
                            + "read, with \"define \", e.g. \"define early refills\""));
                } else if (catalog != null && !catalog.ids().contains(id) && withoutWording.add(id)) {
                    problems.add(new Problem(source.path(), rule.line(), "rule " + id + " has no wording: add it to "
                            + "one of wording/*.yaml (title, ruleSet, summary, detail)"));
                }
            }
        }
    }

    /**
     * A rule reports findings and planned checks under its own id only, so that a finding's wording and evidence
     * are its rule's; a define rule reports none.
     */
    static void reportedIds(Collection<DrlSource> sources, List<Problem> problems) {
        for (DrlSource source : sources) {
            for (DrlSource.Rule rule : source.rules()) {
                String own = rule.id();
                if (own == null && !rule.defines()) {
                    continue; // its name is reported by ruleNames
                }
                for (DrlSource.Use reported : source.reportedIds(rule)) {
                    if (rule.defines()) {
                        problems.add(new Problem(source.path(), reported.line(), "rule \"" + rule.name() + "\" reports "
                                + reported.name() + ": a define rule derives a fact other rules read and reports no "
                                + "finding or check"));
                    } else if (!reported.name().equals(own)) {
                        problems.add(new Problem(source.path(), reported.line(), "rule \"" + rule.name() + "\" reports "
                                + reported.name() + ": a rule reports its own id, " + own));
                    }
                }
            }
        }
    }

    /** Every concept and threshold a rule file names exists, and every Reading pattern opens with its concept. */
    static void references(Collection<DrlSource> sources, Terminology terminology, Thresholds thresholds,
                           List<Problem> problems) {
        for (DrlSource source : sources) {
            if (terminology != null) {
                for (DrlSource.Use c : source.concepts()) {
                    if (!c.name().startsWith("LOCAL#") && !terminology.conceptNames().contains(c.name())) {
                        problems.add(new Problem(source.path(), c.line(), "unknown value set '" + c.name()
                                + "' (no valuesets/*.json has that id)"));
                    }
                }
            }
            for (int line : source.readingsWithoutConcept()) {
                problems.add(new Problem(source.path(), line, "a Reading pattern must open with concept == \"VS-...\" "
                        + "or isAnyOf(\"VS-...\", ...): an observation in two value sets is one Reading per concept, so "
                        + "any other opening matches it more than once"));
            }
            if (thresholds != null) {
                for (DrlSource.Use t : source.thresholds()) {
                    if (!thresholds.names().contains(t.name())) {
                        problems.add(new Problem(source.path(), t.line(), "unknown threshold '" + t.name()
                                + "' (not in thresholds.yaml)"));
                    }
                }
            }
        }
    }

    /** A problem at the {@code rule} line of the rule of that name (at no line when no file declares it). */
    static Problem atRule(Collection<DrlSource> sources, String ruleName, String message) {
        for (DrlSource source : sources) {
            for (DrlSource.Rule rule : source.rules()) {
                if (rule.name().equals(ruleName)) {
                    return new Problem(source.path(), rule.line(), message);
                }
            }
        }
        return new Problem("", 0, message);
    }

    /** In file and line order. */
    static List<Problem> sorted(List<Problem> problems) {
        problems.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
        return problems;
    }
}
