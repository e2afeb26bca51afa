package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminecds.core.KnowledgePackage;

/** Runs every scenario file of the prebuilt knowledge package: the rules' tests, written as data. */
class KnowledgePackageScenariosTest {

    private static final KnowledgePackage PACKAGE = KnowledgePackage.fromClasspath();
    private static final ScenarioRunner RUNNER = new ScenarioRunner(PACKAGE, FhirRecordReader.create());

    static List<Scenario> all() throws ScenarioException {
        List<Scenario> scenarios = new ArrayList<>();
        ScenarioBases bases = ScenarioBases.of(PACKAGE.scenarioFiles(), "");
        assertThat(bases.problems()).as("the package's scenario bases").isEmpty();
        for (String path : PACKAGE.scenarioFiles().keySet()) {
            if (path.endsWith(".yaml") && !ScenarioBases.isBase(path)) {
                scenarios.add(Scenario.parse(path, PACKAGE.scenarioFiles().get(path), PACKAGE.scenarioFiles()::get, bases));
            }
        }
        return scenarios;
    }

    static Stream<Named<Scenario>> scenarios() throws ScenarioException {
        return all().stream().map(s -> Named.of(s.file() + " (" + s.name() + ")", s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void run_packageScenario_matchesItsExpectations(Scenario scenario) {
        ScenarioRunner.Result result = RUNNER.run(scenario);

        assertThat(result.failures()).as(scenario.file() + ": " + scenario.name()).isEmpty();
        assertThat(result.assessment().findings()).allSatisfy(f -> {
            assertThat(f.summary() + f.detail()).as(f.ruleId() + " wording has an unfilled placeholder").doesNotContain("{", "}");
            assertThat(f.summary().length()).as(f.ruleId() + " summary fits a CDS Hooks card").isLessThan(140);
        });
    }

    @Test
    void scenarios_everyRuleOfThePackage_hasOneThatFiresAndANearMiss() throws ScenarioException {
        Set<String> fired = new TreeSet<>();
        Set<String> nearMiss = new TreeSet<>();
        for (Scenario s : all()) {
            s.expect().forEach(e -> fired.add(e.ruleId()));
            nearMiss.addAll(s.mustNotFire());
        }

        assertThat(fired).as("rules with a scenario where they fire").containsAll(PACKAGE.ruleIds());
        assertThat(nearMiss).as("rules with a near-miss scenario").containsAll(PACKAGE.ruleIds());
        assertThat(PACKAGE.ruleIds()).as("scenarios name only rules the package has").containsAll(fired).containsAll(nearMiss);
    }
}
