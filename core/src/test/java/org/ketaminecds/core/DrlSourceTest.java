package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DrlSourceTest {

    @Test
    void withoutComments_lineAndBlockComments_blankedKeepingLinesAndStrings() {
        String drl = """
                // rule "KET-CAND-009 commented out"
                rule "KET-CAND-001 x" /* a block
                comment over lines */ @modes(CANDIDACY)
                then
                    insert(Hit.fired("KET-CAND-001", Severity.INFO).on("http://example.org/a//b")); // isA("VS-X")
                end
                """;

        String code = DrlSource.withoutComments(drl);

        assertThat(code).hasSameSizeAs(drl);
        assertThat(code.lines().map(String::stripTrailing).toList()).containsExactly(
                "",
                "rule \"KET-CAND-001 x\"",
                " ".repeat(22) + "@modes(CANDIDACY)",
                "then",
                "    insert(Hit.fired(\"KET-CAND-001\", Severity.INFO).on(\"http://example.org/a//b\"));",
                "end");
    }

    @Test
    void withoutComments_quoteOrCommentMarkerInsideTheOther_eachReadAsWhatItIs() {
        assertThat(DrlSource.withoutComments("a(\"it's /* not */ a comment\") // and \"this\" is one").stripTrailing())
                .isEqualTo("a(\"it's /* not */ a comment\")");
        assertThat(DrlSource.withoutComments("x /* \"a string\" inside */ y").replaceAll(" +", " ")).isEqualTo("x y");
        assertThat(DrlSource.withoutComments("s == \"a \\\" // b\"")).isEqualTo("s == \"a \\\" // b\"");
    }

    @Test
    void of_rules_nameLineAndBodyWithoutComments() {
        DrlSource source = DrlSource.of("tolerance.drl", """
                package org.ketaminecds.rules;

                /*
                rule "KET-TOL-099 in a comment"
                end
                */
                rule "KET-TOL-003 escalation" // rule "KET-TOL-098 in a comment"
                    @modes(REVIEW)
                when
                    $e : Evaluation()
                then
                    insert(Hit.fired("KET-TOL-003", Severity.WARNING));
                end

                rule 'define early refills'
                    @modes(REVIEW)
                when
                then
                end
                """);

        assertThat(source.rules()).extracting(DrlSource.Rule::name, DrlSource.Rule::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("KET-TOL-003 escalation", 7),
                        org.assertj.core.groups.Tuple.tuple("define early refills", 15));
        assertThat(source.rules().get(0).body()).contains("@modes(REVIEW)").doesNotContain("KET-TOL-098");
        assertThat(source.rules().get(0).id()).isEqualTo("KET-TOL-003");
        assertThat(source.rules().get(1).defines()).isTrue();
        assertThat(source.rules().get(1).id()).isNull();
    }

    @Test
    void reportedIds_hitsCannotAssessAndPlannedChecks_withTheirLines() {
        DrlSource source = DrlSource.of("monitoring.drl", """
                rule "KET-MON-001 x"
                    @modes(PRE_DOSE)
                when
                then
                    insert(Hit.fired("KET-MON-001", Severity.INFO));
                    // insert(Hit.fired("KET-MON-009", Severity.INFO));
                    insert(Hit.cannotAssess(
                            "KET-MON-002", Severity.INFO, "BP", "none"));
                    insert(new PlannedCheck("KET-MON-003", "BP", "VS-BP", $from, $to));
                end
                """);

        assertThat(source.reportedIds(source.rules().get(0))).containsExactly(
                new DrlSource.Use("KET-MON-001", 5), new DrlSource.Use("KET-MON-002", 7),
                new DrlSource.Use("KET-MON-003", 9));
    }

    @Test
    void conceptsAndThresholds_commentsIgnored() {
        DrlSource source = DrlSource.of("monitoring.drl", """
                rule "KET-MON-001 x"
                when
                    // Reading( isA("VS-OLD") ) and threshold("OLD_NAME")
                    $r : Reading( concept == "VS-BP", within($e.asOf(), $e.duration("BP_MAX_AGE")) )
                    Diagnosis( isA("VS-AVM") )
                then
                end
                """);

        assertThat(source.concepts()).containsExactly(new DrlSource.Use("VS-BP", 4), new DrlSource.Use("VS-AVM", 5));
        assertThat(source.readingConcepts()).containsExactly("VS-BP");
        assertThat(source.thresholds()).containsExactly(new DrlSource.Use("BP_MAX_AGE", 4));
        assertThat(source.readingsWithoutConcept()).isEmpty();
        assertThat(List.of(DrlSource.of("a.drl", "x\n  Reading( isA(\"VS-X\") )\n").readingsWithoutConcept()))
                .containsExactly(List.of(2));
    }

    @Test
    void ruleIdAt_lineInsideARuleFromRuleToEnd_itsId_elsewhereNull() {
        String drl = """
                package org.ketaminecds.rules;

                rule "KET-CONTRA-007 screening BP above the do-not-dose tier"
                when
                    $e : Evaluation()
                then
                    insert(Hit.fired("KET-CONTRA-007", Severity.CRITICAL));
                end

                rule "define pre-dose BP"
                when
                then
                end
                """;

        assertThat(KnowledgePackage.ruleIdAt(drl, 1)).isNull();
        assertThat(KnowledgePackage.ruleIdAt(drl, 3)).isEqualTo("KET-CONTRA-007");
        assertThat(KnowledgePackage.ruleIdAt(drl, 7)).isEqualTo("KET-CONTRA-007");
        assertThat(KnowledgePackage.ruleIdAt(drl, 8)).isEqualTo("KET-CONTRA-007");
        assertThat(KnowledgePackage.ruleIdAt(drl, 9)).isNull();
        assertThat(KnowledgePackage.ruleIdAt(drl, 11)).isNull();
    }
}
