package org.ketaminecds.core;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.kie.api.KieBase;

/**
 * The modes each rule fires in, as it declares them with rule metadata, {@code @modes(CANDIDACY, PRE_DOSE)} after its
 * {@code rule "..."} line. Read from the compiled rules — the prebuilt executable model, or the KieBase of a folder
 * compiled from DRL — so what the engine filters by is what Drools compiled, whatever the text looks like.
 */
final class RuleModes {

    /** The metadata key. */
    static final String KEY = "modes";
    private static final String EVERY_MODE = Stream.of(Mode.values()).map(Mode::name).collect(Collectors.joining(", "));

    private RuleModes() {
    }

    /**
     * Rule name -> its {@code @modes} metadata as compiled (empty when it has none), in the package's order.
     * The prebuilt model names its rules without building the rule network (~0.5 s of a cold start); a folder's
     * KieBase is built here, as loading it needs anyway.
     */
    static Map<String, String> declared(CompiledRules rules, String kieBase) {
        Map<String, String> declared = new LinkedHashMap<>();
        if (rules.models() != null) {
            rules.models().stream().flatMap(m -> m.getRules().stream())
                    .forEach(r -> declared.merge(r.getName(), text(r.getMetaData().get(KEY)), RuleModes::union));
            return declared;
        }
        KieBase base;
        try {
            base = rules.container().getKieBase(kieBase);
        } catch (RuntimeException e) {
            throw new KnowledgePackageException("the rules could not be loaded: " + e.getMessage(), e);
        }
        if (base == null) {
            throw new KnowledgePackageException("kmodule.xml defines no KieBase named '" + kieBase + "'");
        }
        base.getKiePackages().stream().flatMap(p -> p.getRules().stream())
                .forEach(r -> declared.merge(r.getName(), text(r.getMetaData().get(KEY)), RuleModes::union));
        return declared;
    }

    /**
     * Rule name -> the modes it fires in. A rule that declares none, or names something that is not a mode, is a
     * problem at its {@code rule} line.
     */
    static Map<String, Set<Mode>> of(Map<String, String> declared, Collection<DrlSource> sources,
                                     List<KnowledgePackageException.Problem> problems) {
        Map<String, Set<Mode>> modes = new LinkedHashMap<>();
        declared.forEach((name, value) -> {
            try {
                modes.put(name, parse(value));
            } catch (IllegalArgumentException e) {
                problems.add(PackageProblems.atRule(sources, name, "rule \"" + name + "\" " + e.getMessage()));
            }
        });
        return Collections.unmodifiableMap(modes);
    }

    /**
     * The modes of one {@code @modes} value: the compiler keeps {@code CANDIDACY, PRE_DOSE} as that text.
     *
     * @throws IllegalArgumentException saying what is wrong with it, worded to follow the rule's name
     */
    static Set<Mode> parse(String value) {
        String text = value.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("declares no modes: add @modes(...) after its rule line, naming the "
                    + "modes it fires in (" + EVERY_MODE + ")");
        }
        Set<Mode> modes = EnumSet.noneOf(Mode.class);
        for (String part : text.split(",")) {
            String name = part.strip().replaceAll("^[\"']|[\"']$", "");
            try {
                modes.add(Mode.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("has @modes(" + text + "): '" + name + "' is not a mode (modes are "
                        + EVERY_MODE + ")");
            }
        }
        return Collections.unmodifiableSet(modes);
    }

    private static String text(Object metadata) {
        return metadata == null ? "" : metadata.toString();
    }

    /** Two rules of one name (in two packages) are one rule to the mode filter: it fires wherever either may. */
    private static String union(String a, String b) {
        return a.isBlank() || b.isBlank() ? "" : a + ", " + b;
    }
}
