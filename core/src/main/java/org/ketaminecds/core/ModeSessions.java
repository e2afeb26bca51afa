package org.ketaminecds.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.compiler.kie.builder.impl.KieContainerImpl;
import org.drools.compiler.kproject.models.KieBaseModelImpl;
import org.drools.model.EntryPoint;
import org.drools.model.Global;
import org.drools.model.Model;
import org.drools.model.Query;
import org.drools.model.Rule;
import org.drools.model.TypeMetaData;
import org.drools.modelcompiler.CanonicalKieModule;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSessionsPool;

/**
 * Rule sessions per evaluation mode. Every rule opens with {@code Evaluation( mode == Mode.X || ... )}, yet Drools
 * would still test every fact against the patterns of rules that cannot fire in the current mode; half the package
 * does not apply to any one mode. So each mode gets a KieBase of its own, built from the prebuilt executable model
 * with the other modes' rules left out — about 2x faster in candidacy mode. Built on first use (a cold start builds
 * one), about 0.1 s each. A folder compiled from DRL at run time keeps one base for all modes.
 *
 * <p>A rule's modes are read from its DRL text: the first {@code Evaluation(...)} pattern, when its first constraint
 * is nothing but {@code mode == Mode.X} alternatives and no {@code or} joins patterns. A rule written any other way stays in every mode's base,
 * where its own constraints decide as before: the split can only make a base smaller, never change an answer.
 */
final class ModeSessions {

    private static final Pattern RULE = Pattern.compile(
            "(?ms)^[ \\t]*rule[ \\t]+(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"']+))(.*?)^[ \\t]*end\\b");
    /** The first pattern of the when-part, a plain (not negated) Evaluation, up to its first constraint's end. */
    private static final Pattern FIRST_PATTERN =
            Pattern.compile("\\bwhen\\s+(?:\\$?\\w+\\s*:\\s*)?Evaluation\\s*\\(([^,()]*)[,)]");
    private static final Pattern LINE_COMMENT = Pattern.compile("//[^\\n]*");
    /** A DRL {@code or} between patterns: the first pattern then no longer bounds the rule's modes. */
    private static final Pattern PATTERN_OR = Pattern.compile("\\bor\\b");
    private static final Pattern THEN = Pattern.compile("\\bthen\\b");
    private static final Pattern MODE_ONLY =
            Pattern.compile("\\s*mode\\s*==\\s*Mode\\.\\w+(?:\\s*\\|\\|\\s*mode\\s*==\\s*Mode\\.\\w+)*\\s*");
    private static final Pattern MODE = Pattern.compile("Mode\\.(\\w+)");

    private final KieContainer container;
    private final String kieBase;
    private final int initialSessions;
    /** Rule name -> the modes it can fire in; rules not listed fire in every mode. */
    private final Map<String, Set<Mode>> modesByRule;
    /** The prebuilt executable model the mode bases are made from, or {@code null} for a folder compiled from DRL. */
    private final Collection<Model> models;
    private final AtomicReferenceArray<KieSessionsPool> pools = new AtomicReferenceArray<>(Mode.values().length);

    ModeSessions(KieContainer container, String kieBase, Map<String, byte[]> drlFiles, int initialSessions) {
        this.container = container;
        this.kieBase = kieBase;
        this.initialSessions = initialSessions;
        this.modesByRule = modesByRule(drlFiles);
        this.models = executableModelOf(container, kieBase);
    }

    /** The session pool of a mode's KieBase, built on first use. */
    KieSessionsPool poolFor(Mode mode) {
        KieSessionsPool pool = pools.get(mode.ordinal());
        if (pool == null) {
            synchronized (this) {
                pool = pools.get(mode.ordinal());
                if (pool == null) {
                    pool = newPool(mode);
                }
            }
        }
        return pool;
    }

    private KieSessionsPool newPool(Mode mode) {
        if (models == null) {
            // A folder compiled from DRL has no executable model to take rules from: one base serves every mode.
            KieSessionsPool shared = container.getKieBase(kieBase).newKieSessionsPool(initialSessions);
            for (Mode m : Mode.values()) {
                pools.set(m.ordinal(), shared);
            }
            return shared;
        }
        KieSessionsPool pool = baseFor(mode).newKieSessionsPool(initialSessions);
        pools.set(mode.ordinal(), pool);
        return pool;
    }

    /** Builds every mode's base now, so that a package swapped in by a reload serves its first calls at full speed. */
    void buildAll() {
        for (Mode mode : Mode.values()) {
            poolFor(mode);
        }
    }

    /**
     * A KieBase built from only the rules that can fire in {@code mode}. Built from the filtered model rather than by
     * removing rules from a full base: Drools' incremental rule removal was seen to corrupt shared network
     * segments (ArrayIndexOutOfBoundsException at the next insert).
     */
    KieBase baseFor(Mode mode) {
        if (models == null) {
            return container.getKieBase(kieBase);
        }
        List<Model> filtered = new ArrayList<>();
        for (Model m : models) {
            List<Rule> rules = m.getRules().stream().filter(r -> firesIn(r.getName(), mode)).toList();
            filtered.add(new ModeModel(m, rules));
        }
        return KieBaseBuilder.createKieBaseFromModel(filtered);
    }

    private boolean firesIn(String rule, Mode mode) {
        Set<Mode> modes = modesByRule.get(rule);
        return modes == null || modes.contains(mode);
    }

    /** The prebuilt executable model of a KieBase, or {@code null} when it was compiled from DRL. */
    static Collection<Model> executableModelOf(KieContainer container, String kieBase) {
        if (container instanceof KieContainerImpl impl
                && impl.getKieModuleForKBase(kieBase) instanceof CanonicalKieModule module
                && impl.getKieBaseModel(kieBase) instanceof KieBaseModelImpl base) {
            return List.copyOf(module.getModelForKBase(base));
        }
        return null;
    }

    /** A model with some of its rules: everything else (globals, types, queries) as the original has it. */
    private record ModeModel(Model full, List<Rule> rules) implements Model {
        @Override
        public String getName() {
            return full.getName();
        }

        @Override
        public String getPackageName() {
            return full.getPackageName();
        }

        @Override
        public List<Global> getGlobals() {
            return full.getGlobals();
        }

        @Override
        public List<Rule> getRules() {
            return rules;
        }

        @Override
        public List<Query> getQueries() {
            return full.getQueries();
        }

        @Override
        public List<TypeMetaData> getTypeMetaDatas() {
            return full.getTypeMetaDatas();
        }

        @Override
        public List<EntryPoint> getEntryPoints() {
            return full.getEntryPoints();
        }
    }

    /** Rule name -> modes, for the rules whose first Evaluation pattern restricts the mode and nothing else. */
    static Map<String, Set<Mode>> modesByRule(Map<String, byte[]> drlFiles) {
        Map<String, Set<Mode>> modes = new HashMap<>();
        List<String> unrestricted = new ArrayList<>();
        drlFiles.forEach((path, bytes) -> {
            if (!path.endsWith(".drl")) {
                return;
            }
            Matcher rule = RULE.matcher(new String(bytes, StandardCharsets.UTF_8));
            while (rule.find()) {
                String name = rule.group(1) != null ? rule.group(1) : rule.group(2) != null ? rule.group(2) : rule.group(3);
                Set<Mode> restricted = restriction(rule.group(4));
                if (restricted == null) {
                    unrestricted.add(name);
                } else {
                    // Two rules of one name (in two packages): the base keeps it wherever either may fire.
                    modes.computeIfAbsent(name, n -> EnumSet.noneOf(Mode.class)).addAll(restricted);
                }
            }
        });
        unrestricted.forEach(modes::remove);
        modes.replaceAll((name, set) -> Collections.unmodifiableSet(set));
        return Collections.unmodifiableMap(modes);
    }

    /** The modes a rule body's first pattern allows, or {@code null} when it does not restrict them plainly. */
    private static Set<Mode> restriction(String body) {
        String code = LINE_COMMENT.matcher(body).replaceAll("");
        Matcher then = THEN.matcher(code);
        String lhs = then.find() ? code.substring(0, then.start()) : code;
        Matcher evaluation = FIRST_PATTERN.matcher(lhs);
        if (!evaluation.find() || PATTERN_OR.matcher(lhs).find()) {
            return null;
        }
        String first = evaluation.group(1);
        if (!MODE_ONLY.matcher(first).matches()) {
            return null;
        }
        Set<Mode> modes = EnumSet.noneOf(Mode.class);
        Matcher mode = MODE.matcher(first);
        while (mode.find()) {
            try {
                modes.add(Mode.valueOf(mode.group(1)));
            } catch (IllegalArgumentException e) {
                return null; // not a mode the engine knows: the compiler reports it; keep the rule everywhere
            }
        }
        return modes;
    }
}
