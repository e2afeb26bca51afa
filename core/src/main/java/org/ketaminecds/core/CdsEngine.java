package org.ketaminecds.core;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.vocabulary.Hit;
import org.ketaminecds.core.vocabulary.PlannedCheck;
import org.kie.api.runtime.KieContainerSessionsPool;
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

    private final KnowledgePackage knowledgePackage;
    private final Thresholds thresholds;
    private final Clock clock;
    private final FactBuilder factBuilder;
    private final FindingAssembler assembler;
    private final KieContainerSessionsPool sessions;

    private CdsEngine(Builder b) {
        this.knowledgePackage = b.knowledgePackage != null ? b.knowledgePackage : KnowledgePackage.fromClasspath();
        this.thresholds = knowledgePackage.thresholds().withOverrides(b.thresholdOverrides);
        this.clock = b.clock;
        this.factBuilder = new FactBuilder(knowledgePackage.terminology());
        this.assembler = new FindingAssembler(knowledgePackage.catalog(), knowledgePackage.terminology(),
                knowledgePackage.info());
        this.sessions = knowledgePackage.container().newKieSessionsPool(b.initialSessions);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Evaluates one record in the given context. */
    public Assessment evaluate(PatientRecord record, EvaluationContext context) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(context, "context");
        FactBuilder.Facts facts = factBuilder.build(record, context, thresholds);
        List<Hit> hits = new ArrayList<>();
        List<PlannedCheck> checks = new ArrayList<>();
        fire(record.patientId(), facts.all(), hits, checks);
        return assembler.assemble(record.patientId(), facts.evaluation(), hits, checks);
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
        return knowledgePackage.terminology().conceptsOf(medicationCodes).contains(FactBuilder.KETAMINE_PRODUCTS);
    }

    /** The package this engine evaluates with. */
    public KnowledgeInfo knowledge() {
        return knowledgePackage.info();
    }

    /** The thresholds in force, overrides applied. */
    public Thresholds thresholds() {
        return thresholds;
    }

    /** The engine's clock, for hosts that default asOf to now. */
    public Clock clock() {
        return clock;
    }

    /** Runs the rules on the facts and collects what they assert: hits and planned checks. */
    private void fire(String patientId, List<Object> facts, List<Hit> hits, List<PlannedCheck> checks) {
        KieSession session = sessions.newKieSession(KnowledgePackage.KIE_SESSION);
        try {
            for (Object fact : facts) {
                session.insert(fact);
            }
            session.fireAllRules();
            for (Object o : session.getObjects(o -> o instanceof Hit || o instanceof PlannedCheck)) {
                if (o instanceof Hit h) {
                    hits.add(h);
                } else {
                    checks.add((PlannedCheck) o);
                }
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
