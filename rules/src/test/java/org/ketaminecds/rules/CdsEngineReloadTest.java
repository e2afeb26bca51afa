package org.ketaminecds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.record.Sex;

/** Switching a running engine to another package: atomic, never mixing two packages in one assessment. */
class CdsEngineReloadTest {

    private static final Instant AS_OF = Instant.parse("2026-03-01T09:00:00Z");
    /** 19 years old at AS_OF: an adult under ADULT_AGE 18, a minor under ADULT_AGE 21. */
    private static final PatientRecord NINETEEN = PatientRecord.builder("Patient/p19")
            .birthDate(LocalDate.of(2006, 6, 1)).sex(Sex.FEMALE).build();

    @TempDir
    static Path dir;
    /** A copy of the bundled package with ADULT_AGE 21, a threshold of its own, and version 0.1.1. */
    private static KnowledgePackage adultAt21;

    @BeforeAll
    static void compileEditedCopy() {
        PackageFolder.copy(dir);
        PackageFolder.edit(dir.resolve("thresholds.yaml"), "ADULT_AGE:                { value: 18,", "ADULT_AGE: { value: 21,");
        PackageFolder.edit(dir.resolve("manifest.yaml"), "version: 0.1.0", "version: 0.1.1");
        PackageFolder.edit(dir.resolve("thresholds.yaml"), "ADULT_AGE: { value: 21,",
                "SITE_EXTRA_DAYS: { value: 3, unit: d, basis: \"a site's own threshold\" }\nADULT_AGE: { value: 21,");
        adultAt21 = KnowledgePackage.fromDirectory(dir);
    }

    @Test
    void reload_changedThreshold_takesEffectAndAssessmentNamesNewVersion() {
        CdsEngine engine = CdsEngine.builder().build();
        Assessment before = engine.evaluate(NINETEEN, EvaluationContext.of(Mode.CANDIDACY, AS_OF));

        engine.reload(adultAt21);
        Assessment after = engine.evaluate(NINETEEN, EvaluationContext.of(Mode.CANDIDACY, AS_OF));

        assertThat(age(before)).isEmpty();
        assertThat(before.knowledge().version()).isEqualTo("0.1.0");
        assertThat(age(after)).hasValueSatisfying(f -> assertThat(f.thresholds()).containsEntry("ADULT_AGE", 21L));
        assertThat(after.knowledge().version()).isEqualTo("0.1.1");
        assertThat(after.knowledge().sha256()).isNotEqualTo(before.knowledge().sha256());
        assertThat(engine.knowledge()).isEqualTo(adultAt21.info());
        assertThat(engine.thresholds().value("ADULT_AGE")).isEqualTo(21.0);
    }

    @Test
    void reload_whileOtherThreadsEvaluate_eachAssessmentConsistentWithThePackageItNames() throws Exception {
        CdsEngine engine = CdsEngine.builder().build();
        String oldSha = engine.knowledge().sha256();
        ConcurrentLinkedQueue<Assessment> seen = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch running = new CountDownLatch(2);
        List<Thread> threads = List.of(evaluator(engine, seen, stop, running), evaluator(engine, seen, stop, running));
        threads.forEach(Thread::start);
        running.await();

        engine.reload(adultAt21);
        long reloadedAt = seen.size();
        while (seen.size() < reloadedAt + 200) {
            Thread.onSpinWait();
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }

        assertThat(seen).extracting(a -> a.knowledge().sha256()).contains(oldSha, adultAt21.info().sha256());
        assertThat(seen).allSatisfy(a -> {
            boolean old = a.knowledge().sha256().equals(oldSha);
            assertThat(age(a)).as("KET-CAND-006 under package " + a.knowledge().version()).isEqualTo(
                    old ? Optional.empty() : age(engine.evaluate(NINETEEN, EvaluationContext.of(Mode.CANDIDACY, AS_OF))));
        });
    }

    @Test
    void reload_overrideTheNewPackageLacks_refusedAndOldPackageKeepsServing() {
        CdsEngine engine = CdsEngine.builder().knowledgePackage(adultAt21).threshold("SITE_EXTRA_DAYS", 5).build();
        KnowledgePackage prebuilt = KnowledgePackage.fromClasspath();

        assertThatThrownBy(() -> engine.reload(prebuilt))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SITE_EXTRA_DAYS");

        assertThat(engine.knowledge()).isEqualTo(adultAt21.info());
        assertThat(age(engine.evaluate(NINETEEN, EvaluationContext.of(Mode.CANDIDACY, AS_OF)))).isPresent();
    }

    private static Thread evaluator(CdsEngine engine, ConcurrentLinkedQueue<Assessment> seen, AtomicBoolean stop,
                                    CountDownLatch running) {
        return new Thread(() -> {
            running.countDown();
            while (!stop.get()) {
                seen.add(engine.evaluate(NINETEEN, EvaluationContext.of(Mode.CANDIDACY, AS_OF)));
            }
        });
    }

    private static Optional<Finding> age(Assessment a) {
        return a.findings().stream().filter(f -> f.ruleId().equals("KET-CAND-006")).findFirst();
    }
}
