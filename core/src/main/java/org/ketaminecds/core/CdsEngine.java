package org.ketaminecds.core;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.ketaminecds.core.record.Coding;
import java.util.concurrent.atomic.AtomicReference;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.vocabulary.Hit;
import org.ketaminecds.core.vocabulary.PlannedCheck;
import org.kie.api.runtime.ClassObjectFilter;
import org.kie.api.runtime.KieSession;

/**
 * The entry point: evaluates a patient record against a knowledge package and returns an explained
 * {@link Assessment}. Thread-safe; build one and share it. Evaluation is pure: no I/O, no clock read inside
 * rules, the same input gives the same output.
 *
 * <pre>{@code
 * CdsEngine engine = CdsEngine.builder().build();          // the prebuilt package from the classpath
 * Assessment a = engine.evaluate(record, EvaluationContext.of(Mode.CANDIDACY, Instant.now()));
 * }</pre>
 */
public final class CdsEngine {

    /**
     * Everything an evaluation takes from a package. Swapped whole by {@link #reload}: an evaluation reads it once,
     * so it finishes on the package it started with and never mixes two.
     */
    private record Loaded(KnowledgePackage knowledgePackage, Thresholds thresholds, FactBuilder factBuilder,
                          FindingAssembler assembler, ModeSessions sessions) {
    }

    private static final ClassObjectFilter HITS = new ClassObjectFilter(Hit.class);
    private static final ClassObjectFilter PLANNED_CHECKS = new ClassObjectFilter(PlannedCheck.class);

    private final Map<String, Number> thresholdOverrides;
    private final int initialSessions;
    private final Clock clock;
    private final List<EvaluationListener> listeners;
    private final AtomicReference<Loaded> loaded;

    private CdsEngine(Builder b) {
        this.thresholdOverrides = Map.copyOf(b.thresholdOverrides);
        this.initialSessions = b.initialSessions;
        this.clock = b.clock;
        this.listeners = List.copyOf(b.listeners);
        Loaded first = load(b.knowledgePackage != null ? b.knowledgePackage : KnowledgePackage.fromClasspath());
        b.prepared.forEach(first.sessions()::poolFor);
        this.loaded = new AtomicReference<>(first);
    }

    private Loaded load(KnowledgePackage pkg) {
        Thresholds thresholds = pkg.thresholds().withOverrides(thresholdOverrides);
        return new Loaded(pkg, thresholds, new FactBuilder(pkg.terminology(), pkg.readingConcepts()),
                new FindingAssembler(pkg.catalog(), pkg.terminology(), pkg.info()),
                new ModeSessions(pkg.compiledRules(), KnowledgePackage.KIE_BASE, pkg.ruleModes(), initialSessions));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Evaluates one record in the given context. */
    public Assessment evaluate(PatientRecord record, EvaluationContext context) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(context, "context");
        long start = listeners.isEmpty() ? 0 : System.nanoTime();
        Loaded l = loaded.get();
        FactBuilder.Facts facts = l.factBuilder().build(record, context, l.thresholds());
        List<Hit> hits = new ArrayList<>();
        List<PlannedCheck> checks = new ArrayList<>();
        fire(l.sessions(), context.mode(), record.patientId(), facts.all(), hits, checks);
        Assessment assessment = l.assembler().assemble(record.patientId(), facts.evaluation(), hits, checks,
                facts.unrecognised(), facts.notes());
        if (!listeners.isEmpty()) {
            tell(assessment, System.nanoTime() - start);
        }
        return assessment;
    }

    private void tell(Assessment assessment, long elapsedNanos) {
        for (EvaluationListener listener : listeners) {
            try {
                listener.evaluated(assessment, elapsedNanos);
            } catch (RuntimeException e) {
                // A metrics hook must never cost the caller its answer.
            }
        }
    }

    /** Evaluates one record in the given mode, as of now (the engine's clock). */
    public Assessment evaluate(PatientRecord record, Mode mode) {
        return evaluate(record, EvaluationContext.of(mode, clock.instant()));
    }

    /**
     * Whether medication codes name a ketamine or esketamine product, by the package's value sets. A host (e.g. a
     * CDS Hooks order service) uses it to tell an order this package is about from any other, without its own code list.
     */
    public boolean isKetamineProduct(List<Coding> medicationCodes) {
        return knowledgePackage().terminology().conceptsOf(medicationCodes).contains(FactBuilder.KETAMINE_PRODUCTS);
    }

    /**
     * Switches to another package, atomically: evaluations that started before finish on the old one, later ones
     * use the new one, none waits. The engine's threshold overrides apply to the new package too. Load the package
     * first ({@link KnowledgePackage#fromDirectory}); a package that does not load never gets here. To refuse one
     * whose own scenarios fail, use the fhir-adapter's {@code KnowledgeReloader}.
     *
     * @throws IllegalArgumentException when an override of this engine names a threshold the new package lacks;
     *                                  the old package keeps serving
     */
    public void reload(KnowledgePackage pkg) {
        Objects.requireNonNull(pkg, "pkg");
        Loaded next = load(pkg);
        next.sessions().buildAll(); // off the evaluation path: the first calls on the new package do not wait
        // The old session pools are left to the garbage collector, not shut down: evaluations in flight still use them.
        loaded.set(next);
    }

    /** Id, version and hash of the package this engine evaluates with now. */
    public KnowledgeInfo knowledge() {
        return loaded.get().knowledgePackage().info();
    }

    /** The package this engine evaluates with now. */
    public KnowledgePackage knowledgePackage() {
        return loaded.get().knowledgePackage();
    }

    /** The thresholds in force, overrides applied. */
    public Thresholds thresholds() {
        return loaded.get().thresholds();
    }

    /** The engine's clock, for hosts that default asOf to now. */
    public Clock clock() {
        return clock;
    }

    /** Runs the rules on the facts and collects what they assert: hits and planned checks. */
    private static void fire(ModeSessions sessions, Mode mode, String patientId, List<Object> facts, List<Hit> hits,
                             List<PlannedCheck> checks) {
        KieSession session = sessions.poolFor(mode).newKieSession();
        try {
            for (Object fact : facts) {
                session.insert(fact);
            }
            sessions.fire(session, mode);
            // By class: Drools then walks only that class's objects, not every fact of the evaluation.
            for (Object hit : session.getObjects(HITS)) {
                hits.add((Hit) hit);
            }
            for (Object check : session.getObjects(PLANNED_CHECKS)) {
                checks.add((PlannedCheck) check);
            }
        } catch (RuntimeException e) {
            throw new EvaluationException("evaluation of " + patientId + " failed in the rules: " + e.getMessage(), e);
        } finally {
            session.dispose();
        }
    }

    /** Configures an engine; every setting is optional. */
    public static final class Builder {
        private KnowledgePackage knowledgePackage;
        private final Map<String, Number> thresholdOverrides = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private int initialSessions = Math.max(2, Runtime.getRuntime().availableProcessors());
        private final Set<Mode> prepared = EnumSet.noneOf(Mode.class);
        private final List<EvaluationListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** The package to use; by default the prebuilt one on the classpath. */
        public Builder knowledgePackage(KnowledgePackage pkg) {
            this.knowledgePackage = Objects.requireNonNull(pkg, "knowledgePackage");
            return this;
        }

        /** A site-specific value for a named threshold of the package. */
        public Builder threshold(String name, Number value) {
            thresholdOverrides.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
            return this;
        }

        public Builder thresholds(Map<String, ? extends Number> overrides) {
            overrides.forEach(this::threshold);
            return this;
        }

        /** The clock that supplies asOf when a caller gives none (inject a fixed one in tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How many rule sessions to keep ready; the pool grows under load. */
        public Builder initialSessions(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("initialSessions must be at least 1, was " + count);
            }
            this.initialSessions = count;
            return this;
        }

        /**
         * Prepares the rules of these modes while building, instead of at the first evaluation in each mode (about
         * 0.1 s per mode: each mode has a rule base of its own, holding only the rules that can fire in it). A server
         * prepares every mode it serves; a one-shot command the one it runs.
         */
        public Builder prepare(Mode... modes) {
            for (Mode mode : modes) {
                prepared.add(Objects.requireNonNull(mode, "mode"));
            }
            return this;
        }

        /** Tells this listener of every evaluation (e.g. to record metrics in the host's registry). */
        public Builder listener(EvaluationListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the engine: loads the package if none was given and checks the overrides.
         *
         * @throws KnowledgePackageException when the package is missing or inconsistent
         * @throws IllegalArgumentException  when an override names an unknown threshold
         */
        public CdsEngine build() {
            return new CdsEngine(this);
        }
    }
}
