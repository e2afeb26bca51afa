package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.KnowledgePackageException.Problem;

class RuleModesTest {

    @Test
    void parse_compiledMetadataText_everyModeNamed() {
        assertThat(RuleModes.parse("CANDIDACY, PRE_DOSE")).containsExactly(Mode.CANDIDACY, Mode.PRE_DOSE);
        assertThat(RuleModes.parse("REVIEW")).containsExactly(Mode.REVIEW);
        assertThat(RuleModes.parse("\"POST_DOSE\"")).containsExactly(Mode.POST_DOSE);
    }

    @Test
    void parse_noneOrNotAMode_saysWhatToWrite() {
        assertThatThrownBy(() -> RuleModes.parse(" ")).hasMessage("declares no modes: add @modes(...) after its rule "
                + "line, naming the modes it fires in (CANDIDACY, PRE_DOSE, POST_DOSE, REVIEW)");
        assertThatThrownBy(() -> RuleModes.parse("CANDIDACY, PREDOSE")).hasMessage("has @modes(CANDIDACY, PREDOSE): "
                + "'PREDOSE' is not a mode (modes are CANDIDACY, PRE_DOSE, POST_DOSE, REVIEW)");
    }

    @Test
    void of_missingOrUnknownModes_problemAtTheRuleLine() {
        DrlSource drl = DrlSource.of("candidacy.drl", """
                package org.ketaminecds.rules;

                rule "KET-CAND-001 declared"
                    @modes(CANDIDACY)
                when
                then
                end

                rule "KET-CAND-002 undeclared"
                when
                then
                end

                rule "define something"
                    @modes(CANDIDATE)
                when
                then
                end
                """);
        Map<String, String> declared = new LinkedHashMap<>();
        declared.put("KET-CAND-001 declared", "CANDIDACY");
        declared.put("KET-CAND-002 undeclared", "");
        declared.put("define something", "CANDIDATE");
        List<Problem> problems = new ArrayList<>();

        Map<String, Set<Mode>> modes = RuleModes.of(declared, List.of(drl), problems);

        assertThat(modes).containsExactly(Map.entry("KET-CAND-001 declared", EnumSet.of(Mode.CANDIDACY)));
        assertThat(problems).extracting(Problem::toString).containsExactly(
                "candidacy.drl:9: rule \"KET-CAND-002 undeclared\" declares no modes: add @modes(...) after its rule "
                        + "line, naming the modes it fires in (CANDIDACY, PRE_DOSE, POST_DOSE, REVIEW)",
                "candidacy.drl:14: rule \"define something\" has @modes(CANDIDATE): 'CANDIDATE' is not a mode (modes "
                        + "are CANDIDACY, PRE_DOSE, POST_DOSE, REVIEW)");
    }
}
