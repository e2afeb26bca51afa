package org.ketaminecds.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSessionsPool;

/**
 * Rule sessions per evaluation mode. Every rule opens with {@code Evaluation( mode == Mode.X || ... )}, yet Drools
 * would still test every fact against the patterns of rules that cannot fire in the current mode; half the package
 * does not apply to any one mode. So each mode gets a KieBase of its own with the other modes' rules removed —
 * measured at about 2x faster in candidacy mode. Built on first use (a cold start builds one), about 0.1 s each.
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
    private final AtomicReferenceArray<KieSessionsPool> pools = new AtomicReferenceArray<>(Mode.values().length);

    ModeSessions(KieContainer container, String kieBase, Map<String, byte[]> drlFiles, int initialSessions) {
        this.container = container;
        this.kieBase = kieBase;
        this.initialSessions = initialSessions;
        this.modesByRule = modesByRule(drlFiles);
    }

    /** The session pool of a mode's KieBase, built on first use. */
    KieSessionsPool poolFor(Mode mode) {
        KieSessionsPool pool = pools.get(mode.ordinal());
        if (pool == null) {
            synchronized (this) {
                pool = pools.get(mode.ordinal());
                if (pool == null) {
                    pool = baseFor(mode).newKieSessionsPool(initialSessions);
                    pools.set(mode.ordinal(), pool);
                }
            }
        }
        return pool;
    }

    /** Builds every mode's base now, so that a package swapped in by a reload serves its first calls at full speed. */
    void buildAll() {
        for (Mode mode : Mode.values()) {
            poolFor(mode);
        }
    }

    /** A fresh KieBase holding only the rules that can fire in {@code mode}. */
    KieBase baseFor(Mode mode) {
        KieBase base = container.newKieBase(kieBase, null);
        for (KiePackage p : List.copyOf(base.getKiePackages())) {
            for (Rule r : new ArrayList<>(p.getRules())) {
                Set<Mode> modes = modesByRule.get(r.getName());
                if (modes != null && !modes.contains(mode)) {
                    base.removeRule(p.getName(), r.getName());
                }
            }
        }
        return base;
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
