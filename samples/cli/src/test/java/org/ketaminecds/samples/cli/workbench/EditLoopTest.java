package org.ketaminecds.samples.cli.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.fhir.ScenarioRunner.Difference;
import org.ketaminecds.rules.PackageFolder;

/** The workbench's edit loop on copies of the bundled package, edited as an informaticist would. */
class EditLoopTest {

    private static final String NEAR_MISS = "scenarios/candidacy/KET-CAND-006-turns-18-today-near-miss.yaml";
    private static final String AVM_FIRES = "scenarios/contraindications/KET-CONTRA-002-cerebral-avm-fires.yaml";
    private static final String AVM_RULE = "$d : Diagnosis( isA(\"VS-AVM\"), !isA(\"VS-HHT\") )";
    /** A scenario that names no contraindication rule and expects no disposition. */
    private static final String MONITORING = "scenarios/monitoring/KET-MON-014-inpatient-exempt-near-miss.yaml";

    @TempDir
    Path dir;
    private final BlockingQueue<EditRound> rounds = new LinkedBlockingQueue<>();
    private EditLoop loop;

    @AfterEach
    void close() {
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    void watch_thresholdEditedThenFixed_scenarioTurnsRedWithExpectedVsGotThenGreen() throws Exception {
        EditRound first = start();
        assertThat(first.number()).isEqualTo(1);
        assertThat(first.changedFiles()).contains("thresholds.yaml", "contraindications.drl");

        // Raising the adult age makes an 18-year-old a minor: the near-miss scenario of KET-CAND-006 fails.
        PackageFolder.edit(dir.resolve("thresholds.yaml"), "ADULT_AGE:                { value: 18,",
                "ADULT_AGE:                { value: 21,");
        EditRound red = next();
        assertThat(red.changedFiles()).containsExactly("thresholds.yaml");
        // Thresholds are read by the engine and the rules' helpers too: every scenario runs again.
        assertThat(red.affectedRules()).isEqualTo(loop.knowledge().orElseThrow().ruleIds());
        assertThat(red.scenarios()).allSatisfy(s -> assertThat(s.round()).isEqualTo(red.number()));
        ScenarioOutcome nearMiss = outcome(red, NEAR_MISS);
        assertThat(nearMiss.passed()).isFalse();
        assertThat(nearMiss.failures()).singleElement().satisfies(f -> {
            assertThat(f.about()).isEqualTo("KET-CAND-006");
            assertThat(f.expected()).isEqualTo("must not fire");
            assertThat(f.got()).startsWith("FIRED CRITICAL");
        });
        assertThat(red.passed()).isFalse();

        PackageFolder.edit(dir.resolve("thresholds.yaml"), "ADULT_AGE:                { value: 21,",
                "ADULT_AGE:                { value: 18,");
        EditRound green = next();
        assertThat(outcome(green, NEAR_MISS).passed()).isTrue();
        assertThat(green.passed()).isTrue();
        assertThat(loop.latest()).isEqualTo(green);
    }

    @Test
    void watch_oneRulesConditionEdited_rerunsItsScenariosAndKeepsTheOthersResults() throws Exception {
        start();
        PackageFolder.edit(dir.resolve("contraindications.drl"), AVM_RULE,
                "$d : Diagnosis( isA(\"VS-HHT\"), !isA(\"VS-HHT\") )");
        EditRound red = next();

        assertThat(red.affectedRules()).containsExactly("KET-CONTRA-002");
        ScenarioOutcome fires = outcome(red, AVM_FIRES);
        assertThat(fires.round()).isEqualTo(red.number());
        assertThat(fires.failures()).contains(new Difference("KET-CONTRA-002", "FIRED", "no finding"));
        assertThat(fires.got()).startsWith("disposition ");
        // Not about this rule, no disposition to check: its result is the first round's.
        assertThat(outcome(red, MONITORING).round()).isEqualTo(1);
        assertThat(outcome(red, MONITORING).passed()).isTrue();

        PackageFolder.edit(dir.resolve("contraindications.drl"), "$d : Diagnosis( isA(\"VS-HHT\"), !isA(\"VS-HHT\") )",
                AVM_RULE);
        EditRound green = next();
        assertThat(outcome(green, AVM_FIRES).passed()).isTrue();
        assertThat(green.passed()).isTrue();
    }

    @Test
    void watch_wordingTextEdited_rerunsOnlyTheScenariosNamingThatRule() throws Exception {
        start();
        PackageFolder.edit(dir.resolve("wording/contraindications.yaml"), "title: Arteriovenous malformation",
                "title: Arteriovenous malformation (edited)");
        EditRound round = next();

        assertThat(round.affectedRules()).containsExactly("KET-CONTRA-002");
        assertThat(round.scenarios()).filteredOn(s -> s.round() == round.number())
                .allSatisfy(s -> assertThat(s.rules()).contains("KET-CONTRA-002"))
                .extracting(ScenarioOutcome::file).contains(AVM_FIRES);
        assertThat(round.passed()).isTrue();
    }

    @Test
    void watch_drlSyntaxError_problemAtFileAndLineAndTheLastGoodPackageKept() throws Exception {
        start();
        KnowledgePackage good = loop.knowledge().orElseThrow();
        int line = PackageFolder.lineOf(dir.resolve("contraindications.drl"), AVM_RULE);
        PackageFolder.edit(dir.resolve("contraindications.drl"), AVM_RULE, "$d : Diagnosis( isA(\"VS-AVM\") ");

        EditRound broken = next();
        assertThat(broken.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("contraindications.drl");
            assertThat(p.line()).isBetween(line, line + 3);
            assertThat(p.level()).isEqualTo(FolderProblem.Level.ERROR);
            assertThat(p.toString()).startsWith("contraindications.drl:" + p.line() + ": ");
        });
        assertThat(broken.scenarios()).as("nothing ran, so nothing is green").isEmpty();
        assertThat(broken.passed()).isFalse();
        assertThat(loop.knowledge()).containsSame(good);
    }

    @Test
    void watch_wordingPlaceholderThatResolvesNowhere_problemAtFileAndLine() throws Exception {
        start();
        Path wording = dir.resolve("wording/contraindications.yaml");
        String text = "default: \"Arteriovenous malformation on record: contraindicated (BP surge can cause rupture).\"";
        int line = PackageFolder.lineOf(wording, text);
        PackageFolder.edit(wording, text, "default: \"Arteriovenous malformation on record for {NO_SUCH_THRESHOLD}.\"");

        EditRound round = next();
        assertThat(round.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("wording/contraindications.yaml");
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains("NO_SUCH_THRESHOLD");
            assertThat(p.level()).isEqualTo(FolderProblem.Level.ERROR);
        });
        assertThat(round.passed()).isFalse();
    }

    @Test
    void watch_filesDeleted_scenarioDroppedThenAValueSetTheRulesNeedReported() throws Exception {
        EditRound first = start();
        Files.delete(dir.resolve(AVM_FIRES));
        EditRound fewer = next();
        assertThat(fewer.changedFiles()).containsExactly(AVM_FIRES);
        assertThat(fewer.scenarios()).hasSize(first.scenarios().size() - 1)
                .noneMatch(s -> s.file().equals(AVM_FIRES));
        assertThat(fewer.passed()).isTrue();

        Files.delete(dir.resolve("valuesets/VS-AVM.json"));
        EditRound broken = next();
        assertThat(broken.changedFiles()).containsExactly("valuesets/VS-AVM.json");
        assertThat(broken.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("contraindications.drl");
            assertThat(p.line()).isEqualTo(PackageFolder.lineOf(dir.resolve("contraindications.drl"), AVM_RULE));
            assertThat(p.message()).contains("VS-AVM");
        });
        assertThat(broken.passed()).isFalse();
    }

    /** Copies the package, starts the loop and returns its first round, which must pass. */
    private EditRound start() throws Exception {
        PackageFolder.copy(dir);
        loop = EditLoop.watch(dir, rounds::add);
        EditRound first = next();
        assertThat(first.passed()).as("the bundled package passes its own scenarios: %s", first.problems()).isTrue();
        assertThat(loop.knowledge()).isPresent();
        return first;
    }

    private EditRound next() throws InterruptedException {
        EditRound round = rounds.poll(120, TimeUnit.SECONDS);
        assertThat(round).as("a round within 120 s").isNotNull();
        return round;
    }

    private static ScenarioOutcome outcome(EditRound round, String file) {
        return round.scenarios().stream().filter(s -> s.file().equals(file)).findFirst().orElseThrow();
    }
}
