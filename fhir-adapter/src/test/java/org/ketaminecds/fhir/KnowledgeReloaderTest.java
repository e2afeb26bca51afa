package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.KnowledgeInfo;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.PackageSignature;
import org.ketaminecds.core.RuleFolderPolicy;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.rules.PackageFolder;
import org.ketaminecds.rules.SigningKey;

/** Safe reload, on copies of the bundled package edited (and signed) as an informaticist would. */
class KnowledgeReloaderTest {

    private static final String BP_SCENARIO = "scenarios/contraindications/KET-CONTRA-007-bp-150-over-92-warning.yaml";
    private static final FhirRecordReader READER = FhirRecordReader.create();

    @TempDir
    static Path keys;
    @TempDir
    static Path unsignedCopy;
    private static SigningKey signer;
    /** A copy of the bundled package, version 0.1.1, not signed: compiled once for the tests that need a package. */
    private static KnowledgePackage unsigned;

    private final CdsEngine engine = CdsEngine.builder().build();
    private final KnowledgeReloader reloader = new KnowledgeReloader(engine, READER,
            RuleFolderPolicy.signedBy(List.of(PackageSignature.readPublicKey(signer.publicPem()))));
    private final KnowledgeInfo prebuilt = engine.knowledge();

    @BeforeAll
    static void compileUnsignedCopy() {
        signer = SigningKey.create(keys, "committee");
        PackageFolder.copy(unsignedCopy);
        PackageFolder.edit(unsignedCopy.resolve("manifest.yaml"), "version: 0.1.0", "version: 0.1.1");
        unsigned = KnowledgePackage.fromDirectory(unsignedCopy);
    }

    @Test
    void reload_changedThresholdSignedByTrustedKey_acceptedTakesEffectAndNamesTheSigner(@TempDir Path dir) throws Exception {
        PackageFolder.copy(dir);
        PackageFolder.edit(dir.resolve("thresholds.yaml"), "BP_TIER_A_SYSTOLIC:       { value: 140,", "BP_TIER_A_SYSTOLIC: { value: 145,");
        PackageFolder.edit(dir.resolve("manifest.yaml"), "version: 0.1.0", "version: 0.1.1");
        KnowledgeInfo signed = KnowledgePackage.sign(dir, PackageSignature.readPrivateKey(signer.privatePem()));
        // The caution-tier scenario's patient, with a screening BP of 142/85: above 140, not above 145.
        Scenario s = Scenario.parse(BP_SCENARIO, Files.readAllBytes(dir.resolve(BP_SCENARIO)), p -> null);
        PatientRecord bp142 = READER.read(s.bundleJson().replace("\"value\":150", "\"value\":142")
                .replace("\"value\":92", "\"value\":85"), "bp-142-over-85");
        EvaluationContext context = EvaluationContext.of(s.mode(), s.asOf());
        Optional<Finding> before = bpFinding(engine.evaluate(bp142, context));

        KnowledgeReloader.Outcome outcome = reloader.reload(dir);
        Assessment after = engine.evaluate(bp142, context);

        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.warnings()).isEmpty();
        assertThat(outcome.accepted()).isTrue();
        assertThat(outcome.serving()).isEqualTo(signed);
        assertThat(outcome.serving().version()).isEqualTo("0.1.1");
        assertThat(outcome.serving().signedBy()).isEqualTo(signer.keyId());
        assertThat(before).hasValueSatisfying(f -> assertThat(f.thresholds()).containsEntry("BP_TIER_A_SYSTOLIC", 140L));
        assertThat(bpFinding(after)).isEmpty();
        assertThat(after.knowledge()).isEqualTo(outcome.serving());
    }

    @Test
    void reload_ruleWithSyntaxError_refusedWithFileAndLineWhileOldPackageKeepsAnswering(@TempDir Path dir) throws Exception {
        PackageFolder.copy(dir);
        KnowledgeReloader reloader = new KnowledgeReloader(engine, READER, RuleFolderPolicy.signatureOptional());
        String broken = "$d : Diagnosis( isA(\"VS-AVM\"), !isA(\"VS-HHT\") )";
        int line = PackageFolder.lineOf(dir.resolve("contraindications.drl"), broken);
        PackageFolder.edit(dir.resolve("contraindications.drl"), broken, "$d : Diagnosis( isA(\"VS-AVM\") !isA(\"VS-HHT\") )");
        Scenario s = Scenario.parse(BP_SCENARIO, Files.readAllBytes(dir.resolve(BP_SCENARIO)), p -> null);

        KnowledgeReloader.Outcome outcome = reloader.reload(dir);
        Assessment still = engine.evaluate(READER.read(s.bundleJson(), "bp"), EvaluationContext.of(s.mode(), s.asOf()));

        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.problems()).first().asString()
                .startsWith("contraindications.drl:" + line + ": ").contains("mismatched input '!'");
        assertThat(outcome.serving()).isEqualTo(prebuilt);
        assertThat(engine.knowledge()).isEqualTo(prebuilt);
        assertThat(still.knowledge()).isEqualTo(prebuilt);
        assertThat(bpFinding(still)).isPresent();
    }

    @Test
    void reload_failingAndMalformedScenarios_refusedWithExpectedVsActualAndTheField(@TempDir Path dir) {
        PackageFolder.copy(dir);
        KnowledgeReloader reloader = new KnowledgeReloader(engine, READER, RuleFolderPolicy.signatureOptional());
        // Raising the adult age makes an 18-year-old a minor: the package's own near-miss scenario now fails.
        PackageFolder.edit(dir.resolve("thresholds.yaml"), "ADULT_AGE:                { value: 18,", "ADULT_AGE: { value: 21,");
        PackageFolder.edit(dir.resolve(BP_SCENARIO), "mode: candidacy\n", "");

        KnowledgeReloader.Outcome outcome = reloader.reload(dir);

        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.problems()).anySatisfy(p -> assertThat(p).startsWith(
                "scenarios/candidacy/KET-CAND-006-turns-18-today-near-miss.yaml: KET-CAND-006: must not fire, got FIRED CRITICAL"));
        assertThat(outcome.problems()).contains(BP_SCENARIO + ": missing 'mode'");
        assertThat(engine.knowledge()).isEqualTo(prebuilt);
    }

    @Test
    void reload_unsignedFolderWhenASignatureIsRequired_refusedBeforeItsRulesAreRead(@TempDir Path dir) {
        PackageFolder.copy(dir);
        PackageFolder.edit(dir.resolve("candidacy.drl"), "then", "then System.exit(0);"); // never even looked at

        KnowledgeReloader.Outcome outcome = reloader.reload(dir);

        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.problems()).containsExactly("knowledge.sig: this host loads only rule folders signed by a "
                + "trusted key: not signed (no knowledge.sig)");
        assertThat(engine.knowledge()).isEqualTo(prebuilt);
    }

    @Test
    void reload_signedFolderEditedAfterSigning_refusedSayingItChanged(@TempDir Path dir) {
        PackageFolder.copy(dir);
        KnowledgePackage.sign(dir, PackageSignature.readPrivateKey(signer.privatePem()));
        PackageFolder.edit(dir.resolve("thresholds.yaml"), "ADULT_AGE:                { value: 18,", "ADULT_AGE: { value: 16,");

        KnowledgeReloader.Outcome outcome = reloader.reload(dir);

        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.problems()).singleElement().asString().startsWith("knowledge.sig: this host loads only rule "
                + "folders signed by a trusted key: knowledge.sig does not match the folder: the folder changed after "
                + signer.keyId() + " signed it");
        assertThat(engine.knowledge()).isEqualTo(prebuilt);
    }

    @Test
    void reload_folderSignedByAnotherKey_refusedNamingThatKey(@TempDir Path dir) {
        PackageFolder.copy(dir);
        SigningKey stranger = SigningKey.create(dir, "stranger");
        KnowledgePackage.sign(dir, PackageSignature.readPrivateKey(stranger.privatePem()));

        KnowledgeReloader.Outcome outcome = reloader.reload(dir);

        assertThat(outcome.problems()).containsExactly("knowledge.sig: this host loads only rule folders signed by a "
                + "trusted key: signed by " + stranger.keyId() + ", which is not a trusted key");
    }

    @Test
    void reload_unsignedFolderWhereAllowed_servedWithAWarning() {
        KnowledgeReloader allowing = new KnowledgeReloader(engine, READER, dir -> unsigned);

        KnowledgeReloader.Outcome outcome = allowing.reload(unsignedCopy);

        assertThat(outcome.accepted()).isTrue();
        assertThat(outcome.serving().source()).isEqualTo(KnowledgeInfo.Source.UNSIGNED_FOLDER);
        assertThat(outcome.serving().signedBy()).isNull();
        assertThat(outcome.warnings()).singleElement().asString().startsWith("serving an UNSIGNED rule folder, "
                + unsignedCopy + " (ketamine-cds-rules 0.1.1, sha256 " + unsigned.info().sha256() + ", UNSIGNED rule folder)");
    }

    /**
     * A reload held half-way (its folder being loaded) shows what the server sees during a long reload: evaluations go
     * on with the old package, the caller is not held, later requests wait as one, and the work happens on the
     * reloader's own low-priority thread.
     */
    @Test
    void reloadInBackground_whileAReloadIsLoading_oldPackageServesAndRequestsWaitAsOne() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        List<Thread> loaders = new CopyOnWriteArrayList<>();
        Scenario s = Scenario.parse(BP_SCENARIO, Files.readAllBytes(unsignedCopy.resolve(BP_SCENARIO)), p -> null);
        PatientRecord bp = READER.read(s.bundleJson(), "bp");
        try (KnowledgeReloader background = new KnowledgeReloader(engine, READER, dir -> {
            loaders.add(Thread.currentThread());
            if (loads.incrementAndGet() == 1) {
                loading.countDown();
                awaitQuietly(release);
            }
            return unsigned;
        })) {
            CompletableFuture<KnowledgeReloader.Outcome> first = background.reloadInBackground(unsignedCopy);
            assertThat(loading.await(60, TimeUnit.SECONDS)).as("the first reload started").isTrue();

            Assessment meanwhile = engine.evaluate(bp, EvaluationContext.of(s.mode(), s.asOf()));
            CompletableFuture<KnowledgeReloader.Outcome> second = background.reloadInBackground(unsignedCopy);
            CompletableFuture<KnowledgeReloader.Outcome> third = background.reloadInBackground(unsignedCopy);

            assertThat(meanwhile.knowledge()).isEqualTo(prebuilt);
            assertThat(bpFinding(meanwhile)).isPresent();
            assertThat(first).isNotDone();
            assertThat(third).as("one reload waits for all later requests").isSameAs(second);
            assertThat(loads).as("never two reloads at once").hasValue(1);

            release.countDown();

            assertThat(first.get(120, TimeUnit.SECONDS).accepted()).isTrue();
            assertThat(second.get(120, TimeUnit.SECONDS).accepted()).isTrue();
            assertThat(loads).hasValue(2);
            assertThat(engine.knowledge()).isEqualTo(unsigned.info());
            assertThat(loaders).hasSize(2).allSatisfy(t -> {
                assertThat(t.getName()).isEqualTo("ketamine-cds knowledge reload");
                assertThat(t.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
                assertThat(t).isNotSameAs(Thread.currentThread());
            });
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Finding> bpFinding(Assessment a) {
        return a.findings().stream().filter(f -> f.ruleId().equals("KET-CONTRA-007")).findFirst();
    }
}
