package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.KnowledgePackageException.Problem;

class PackageProblemsTest {

    @Test
    void reportedIds_anotherRulesId_problemAtTheLineThatReportsIt() {
        DrlSource drl = DrlSource.of("tolerance.drl", """
                rule "KET-TOL-003 escalation"
                    @modes(REVIEW)
                when
                then
                    insert(Hit.fired("KET-TOL-003", Severity.WARNING));
                    insert(Hit.cannotAssess("KET-TOL-004", Severity.INFO, "doses", "none"));
                    insert(new PlannedCheck("KET-TOL-005", "weight", "VS-WEIGHT", null, null));
                end

                rule "define early refills"
                    @modes(REVIEW)
                when
                then
                    insert(Hit.fired("KET-TOL-006", Severity.INFO));
                end

                rule "TOL-007 badly named"
                    @modes(REVIEW)
                when
                then
                    insert(Hit.fired("KET-TOL-008", Severity.INFO));
                end
                """);
        List<Problem> problems = new ArrayList<>();

        PackageProblems.reportedIds(List.of(drl), problems);

        assertThat(problems).extracting(Problem::toString).containsExactly(
                "tolerance.drl:6: rule \"KET-TOL-003 escalation\" reports KET-TOL-004: a rule reports its own id, "
                        + "KET-TOL-003",
                "tolerance.drl:7: rule \"KET-TOL-003 escalation\" reports KET-TOL-005: a rule reports its own id, "
                        + "KET-TOL-003",
                "tolerance.drl:14: rule \"define early refills\" reports KET-TOL-006: a define rule derives a fact "
                        + "other rules read and reports no finding or check");
    }
}
