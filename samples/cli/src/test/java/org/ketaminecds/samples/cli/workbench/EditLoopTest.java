package org.ketaminecds.samples.cli.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.fhir.ScenarioRunner;
import org.ketaminecds.rules.PackageFolder;

class EditLoopTest {

    private static final String NEAR_MISS = "scenarios/candidacy/KET-CAND-006-turns-18-today-near-miss.yaml";

    private final BlockingQueue<EditRound> rounds = new LinkedBlockingQueue<>();

    @Test
    void watch_thresholdEditedThenFixed_scenarioTurnsRedWithExpectedVsGotThenGreen(@TempDir Path dir) throws Exception {
        PackageFolder.copy(dir);
        try (EditLoop loop = EditLoop.watch(dir, rounds::add)) {
            EditRound first = next();
            assertThat(first.number()).isEqualTo(1);
            assertThat(first.passed()).as("the bundled package passes its own scenarios: %s", first).isTrue();
            assertThat(loop.knowledge()).isPresent();

            // Raising the adult age makes an 18-year-old a minor: the near-miss scenario of KET-CAND-006 fails.
            PackageFolder.edit(dir.resolve("thresholds.yaml"), "ADULT_AGE:                { value: 18,",
                    "ADULT_AGE:                { value: 21,");
            EditRound red = next();
            assertThat(red.changedFiles()).containsExactly("thresholds.yaml");
            assertThat(red.affectedRules()).contains("KET-CAND-006");
            ScenarioOutcome nearMiss = outcome(red, NEAR_MISS);
            assertThat(nearMiss.passed()).isFalse();
            assertThat(nearMiss.round()).isEqualTo(red.number());
            assertThat(nearMiss.failures()).contains(new ScenarioRunner.Difference("KET-CAND-006", "must not fire",
                    nearMiss.failures().get(0).got()));
            assertThat(nearMiss.failures().get(0).got()).startsWith("FIRED CRITICAL");

            PackageFolder.edit(dir.resolve("thresholds.yaml"), "ADULT_AGE:                { value: 21,",
                    "ADULT_AGE:                { value: 18,");
            EditRound green = next();
            assertThat(outcome(green, NEAR_MISS).passed()).isTrue();
            assertThat(green.passed()).isTrue();
            assertThat(loop.latest()).isEqualTo(green);
        }
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
