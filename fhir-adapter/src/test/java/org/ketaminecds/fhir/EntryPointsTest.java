package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.Mode;

/**
 * The records of issue 12 (unpaired BP components, readings tied on effective time, units to convert) give the same
 * answer through {@code evaluate}, CDS Hooks and {@code screen}: the reading is done once, below all three.
 */
class EntryPointsTest {

    /** The package's scenarios about how readings are read (issue 12), by file name. */
    private static final Pattern READING_SCENARIOS =
            Pattern.compile(".*-(unpaired|lone|same-time|pounds|centimetres|ukat|mmol|not-comparable|unknown-unit).*");

    private static CdsEngine engine;

    @BeforeAll
    static void engine() {
        engine = CdsEngine.builder().build();
    }

    static Stream<Named<Scenario>> readingScenarios() throws ScenarioException {
        return KnowledgePackageScenariosTest.all().stream()
                .filter(s -> READING_SCENARIOS.matcher(s.file()).matches())
                .filter(s -> s.mode() != Mode.POST_DOSE && s.product() == null && s.route() == null
                        && s.thresholds().isEmpty())
                .map(s -> Named.of(s.file(), s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readingScenarios")
    void ask_readingScenario_sameAnswerFromEvaluateCdsHooksAndScreen(Scenario s) {
        EntryPoints.ask(engine, s.bundleJson(), s.mode(), s.asOf()).assertSame();
    }

    @Test
    void readingScenarios_coverEveryModeWithAHook() throws ScenarioException {
        assertThat(readingScenarios().map(n -> n.getPayload().mode()))
                .contains(Mode.PRE_DOSE, Mode.CANDIDACY, Mode.REVIEW).hasSizeGreaterThan(15);
    }

    @Test
    void ask_weightInPounds_everyFindingThatUsesItShowsTheValueAsSent() throws ScenarioException {
        EntryPoints.Answers a = ask("tolerance/KET-TOL-002-weight-in-pounds-info.yaml");

        a.assertSame();
        for (var assessment : Stream.of(a.evaluated(), a.hooked()).toList()) {
            assertThat(finding(assessment.findings(), "KET-TOL-002").detail())
                    .endsWith("Observation/wt: 154.3 [lb_av] read as 69.99 kg.");
        }
    }

    @Test
    void ask_bpsTiedOnEffectiveTimeAndIssued_findingSaysTheSaferValueCounts() throws ScenarioException {
        EntryPoints.Answers a = ask("monitoring/KET-MON-002-same-time-and-no-issued-safer-value-fires.yaml");

        a.assertSame();
        assertThat(finding(a.hooked().findings(), "KET-MON-002").detail())
                .contains("Observation/bp-a, Observation/bp-b have the same effective time (2026-03-01T08:40:00Z)")
                .contains("the safer value counts");
    }

    @Test
    void ask_bpsTiedOnEffectiveTime_findingNamesTheOneIssuedLater() throws ScenarioException {
        EntryPoints.Answers a = ask("monitoring/KET-MON-002-same-time-later-issued-high-fires.yaml");

        a.assertSame();
        assertThat(finding(a.evaluated().findings(), "KET-MON-002").detail())
                .contains("Observation/bp-a has the same effective time (2026-03-01T08:40:00Z) as Observation/bp-b "
                        + "and was issued later, so it is the later reading.");
    }

    private static EntryPoints.Answers ask(String file) throws ScenarioException {
        Scenario s = KnowledgePackageScenariosTest.all().stream().filter(x -> x.file().endsWith(file)).findFirst()
                .orElseThrow();
        return EntryPoints.ask(engine, s.bundleJson(), s.mode(), s.asOf());
    }

    private static Finding finding(java.util.List<Finding> findings, String ruleId) {
        return findings.stream().filter(f -> f.ruleId().equals(ruleId)).findFirst().orElseThrow();
    }
}
