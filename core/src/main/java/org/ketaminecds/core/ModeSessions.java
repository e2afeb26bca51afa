package org.ketaminecds.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.drools.model.EntryPoint;
import org.drools.model.Global;
import org.drools.model.Model;
import org.drools.model.Query;
import org.drools.model.Rule;
import org.drools.model.TypeMetaData;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.rule.AgendaFilter;

/**
 * Rule sessions per evaluation mode. Every rule declares the modes it fires in ({@code @modes(CANDIDACY, PRE_DOSE)},
 * see {@link RuleModes}), and half the package does not apply to any one mode. So each mode gets a KieBase of its
 * own, built from the prebuilt executable model with the other modes' rules left out — about 2x faster in candidacy
 * mode. Built on first use (a cold start builds one), about 0.1 s each. A folder compiled from DRL at run time keeps
 * one base for all modes, and an agenda filter fires only the current mode's rules: the same answers, more matching.
 */
final class ModeSessions {

    private final CompiledRules rules;
    private final String kieBase;
    private final int initialSessions;
    /** Rule name -> the modes it can fire in. */
    private final Map<String, Set<Mode>> modesByRule;
    private final AtomicReferenceArray<KieSessionsPool> pools = new AtomicReferenceArray<>(Mode.values().length);
    private final Map<Mode, AgendaFilter> filters = new EnumMap<>(Mode.class);

    ModeSessions(CompiledRules rules, String kieBase, Map<String, Set<Mode>> modesByRule, int initialSessions) {
        this.rules = rules;
        this.kieBase = kieBase;
        this.initialSessions = initialSessions;
        this.modesByRule = Map.copyOf(modesByRule);
        for (Mode mode : Mode.values()) {
            filters.put(mode, match -> firesIn(match.getRule().getName(), mode));
        }
    }

    /**
     * Fires the rules of {@code mode} on a session from {@link #poolFor(Mode) its pool}: all of them in a mode's own
     * base; in the one base of a folder, those that declare the mode.
     */
    void fire(KieSession session, Mode mode) {
        if (rules.models() == null) {
            session.fireAllRules(filters.get(mode));
        } else {
            session.fireAllRules();
        }
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
        if (rules.models() == null) {
            // A folder compiled from DRL has no executable model to take rules from: one base serves every mode.
            KieSessionsPool shared = rules.container().getKieBase(kieBase).newKieSessionsPool(initialSessions);
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
        if (rules.models() == null) {
            return rules.container().getKieBase(kieBase);
        }
        List<Model> filtered = new ArrayList<>();
        for (Model m : rules.models()) {
            List<Rule> rules = m.getRules().stream().filter(r -> firesIn(r.getName(), mode)).toList();
            filtered.add(new ModeModel(m, rules));
        }
        return KieBaseBuilder.createKieBaseFromModel(filtered);
    }

    private boolean firesIn(String rule, Mode mode) {
        Set<Mode> modes = modesByRule.get(rule);
        return modes != null && modes.contains(mode);
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
}
