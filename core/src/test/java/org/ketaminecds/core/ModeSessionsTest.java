package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModeSessionsTest {

    private static Map<String, Set<Mode>> modesOf(String drl) {
        return ModeSessions.modesByRule(Map.of("rules.drl", drl.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void modesByRule_plainModeRestriction_readsEveryAlternative() {
        Map<String, Set<Mode>> modes = modesOf("""
                rule "KET-CONTRA-001 aneurysm"
                when
                    // a comment with Evaluation( mode == Mode.REVIEW ) in it
                    $e : Evaluation( mode == Mode.CANDIDACY || mode == Mode.PRE_DOSE, product != null )
                    Diagnosis( isA("VS-ANEURYSM") )
                then
                    insert(Hit.fired("KET-CONTRA-001", Severity.CRITICAL));
                end
                """);

        assertThat(modes).containsEntry("KET-CONTRA-001 aneurysm", EnumSet.of(Mode.CANDIDACY, Mode.PRE_DOSE));
    }

    @Test
    void modesByRule_ruleNotOpeningWithAPlainModeTest_staysInEveryMode() {
        Map<String, Set<Mode>> modes = modesOf("""
                rule "KET-MON-020 no mode"
                when
                    DataIssue()
                then
                end

                rule "KET-MON-001 negated"
                when
                    not Evaluation( mode == Mode.POST_DOSE )
                then
                end

                rule "KET-MON-002 mode inside a call"
                when
                    Evaluation( isIn(mode, Mode.PRE_DOSE) )
                then
                end

                rule "KET-MON-004 alternatives of patterns"
                when
                    Evaluation( mode == Mode.PRE_DOSE ) or ( Evaluation( mode == Mode.POST_DOSE ) and Session() )
                then
                end

                rule "KET-MON-003 mode compared otherwise"
                when
                    Evaluation( mode != Mode.PRE_DOSE )
                then
                end
                """);

        assertThat(modes).isEmpty();
    }

    @Test
    void modesByRule_sameNameRestrictedAndUnrestricted_staysInEveryMode() {
        Map<String, Set<Mode>> modes = ModeSessions.modesByRule(Map.of(
                "a.drl", "rule \"KET-TOL-001 x\"\nwhen\n    Evaluation( mode == Mode.REVIEW )\nthen\nend\n".getBytes(StandardCharsets.UTF_8),
                "b.drl", "rule \"KET-TOL-001 x\"\nwhen\n    Session()\nthen\nend\n".getBytes(StandardCharsets.UTF_8),
                "thresholds.yaml", "rule \"KET-TOL-002 y\"\nwhen\n Evaluation( mode == Mode.REVIEW )\nthen\nend\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(modes).isEmpty();
    }
}
