package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RuleImpactTest {

    private static final String DRL = """
            package org.ketaminecds.rules;
            import org.ketaminecds.core.vocabulary.Hit;

            rule "KET-CAND-004 suicidal ideation"
            when
                Evaluation( )
            then
                insert(Hit.fired("KET-CAND-004", Severity.CRITICAL));
            end

            // Reads the hit of KET-CAND-004.
            rule "KET-CAND-005 without an oral antidepressant"
            when
                $si : Hit( ruleId == "KET-CAND-004", outcome == Outcome.FIRED )
            then
                insertLogical(Hit.fired("KET-CAND-005", Severity.WARNING));
            end

            rule "KET-CAND-007 age 18 to 24"
            when
                Person( ageYears < 25 )
            then
                insert(Hit.fired("KET-CAND-007", Severity.INFO));
            end

            rule "define trials"
            when
                Evaluation( )
            then
                insert(new Trials());
            end
            """;
    private static final String WORDING = """
            KET-CAND-004: {title: Suicidal ideation, ruleSet: CANDIDACY}
            KET-CAND-007: {title: Age 18 to 24, ruleSet: CANDIDACY}
            """;

    @Test
    void of_oneRulesCondition_thatRuleAndTheRulesReadingItsHits() {
        assertThat(impact("candidacy.drl", DRL.replace("Person( ageYears < 25 )", "Person( ageYears < 26 )")))
                .isEqualTo(new RuleImpact(false, java.util.Set.of("KET-CAND-007"), java.util.Set.of()));
        assertThat(impact("candidacy.drl", DRL.replace("Evaluation( )\nthen\n    insert(Hit.fired(\"KET-CAND-004\"",
                "Evaluation( x )\nthen\n    insert(Hit.fired(\"KET-CAND-004\"")).findings())
                .containsExactlyInAnyOrder("KET-CAND-004", "KET-CAND-005");
    }

    @Test
    void of_commentsAndSpacing_noRule() {
        RuleImpact impact = impact("candidacy.drl", DRL.replace("// Reads the hit", "// Now reads the hit")
                .replace("Person( ageYears < 25 )", "Person(  ageYears < 25 )"));
        assertThat(impact.everyRule()).isFalse();
        assertThat(impact.rules(java.util.Set.of("KET-CAND-004"))).isEmpty();
    }

    @Test
    void of_wordingOfOneRule_itsWordsOnly() {
        assertThat(impact("wording/candidacy.yaml", WORDING.replace("Age 18 to 24", "Aged 18 to 24")))
                .isEqualTo(new RuleImpact(false, java.util.Set.of(), java.util.Set.of("KET-CAND-007")));
    }

    @Test
    void of_whatTheEngineOrADefineRuleReads_everyRule() {
        assertThat(impact("thresholds.yaml", "ADULT_AGE: {value: 21}").everyRule()).isTrue();
        assertThat(impact("valuesets/VS-X.json", "{\"id\": \"VS-X\", \"n\": 2}").everyRule()).isTrue();
        assertThat(impact("candidacy.drl", DRL.replace("insert(new Trials());", "insert(new Trials(1));"))
                .everyRule()).isTrue();
        assertThat(impact("candidacy.drl", DRL.replace("import org.ketaminecds.core.vocabulary.Hit;", ""))
                .everyRule()).isTrue();
        assertThat(impact("wording/candidacy.yaml", "KET-CAND-004: [unclosed").everyRule()).isTrue();
    }

    @Test
    void of_scenarioFile_noRule() {
        RuleImpact impact = impact("scenarios/a.yaml", "name: b");
        assertThat(impact.everyRule()).isFalse();
        assertThat(impact.rules(java.util.Set.of("KET-CAND-004"))).isEmpty();
    }

    /** The impact of replacing one file of a small package with {@code text}. */
    private static RuleImpact impact(String path, String text) {
        Map<String, byte[]> before = new TreeMap<>(Map.of("candidacy.drl", bytes(DRL),
                "wording/candidacy.yaml", bytes(WORDING), "thresholds.yaml", bytes("ADULT_AGE: {value: 18}"),
                "valuesets/VS-X.json", bytes("{\"id\": \"VS-X\", \"n\": 1}"), "scenarios/a.yaml", bytes("name: a")));
        Map<String, byte[]> after = new TreeMap<>(before);
        after.put(path, bytes(text));
        return RuleImpact.of(before, after);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
