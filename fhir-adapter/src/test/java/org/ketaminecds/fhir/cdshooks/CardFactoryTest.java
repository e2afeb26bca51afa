package org.ketaminecds.fhir.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.Disposition;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.KnowledgeInfo;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.Outcome;
import org.ketaminecds.core.RuleSet;
import org.ketaminecds.core.Severity;

class CardFactoryTest {

    @Test
    void detail_unsignedRuleFolder_namesHashAndThatItIsUnsigned() {
        Finding f = new Finding("KET-CAND-006", RuleSet.CANDIDACY, Outcome.FIRED, Severity.CRITICAL, null, null,
                "Under 18.", "Under 18.", null, List.of("Patient/p"), Map.of(), List.of("S1"), List.of());
        KnowledgeInfo folder = new KnowledgeInfo("ketamine-cds-rules", "0.2.0", "ab".repeat(32),
                KnowledgeInfo.Source.UNSIGNED_FOLDER, null);
        Assessment a = new Assessment("Patient/p", Instant.parse("2026-03-01T09:00:00Z"), Mode.CANDIDACY, null, folder,
                Disposition.REVIEW_REQUIRED, List.of(f), List.of(), List.of());

        assertThat(CardFactory.detail(f, a)).contains(" · knowledge package ketamine-cds-rules 0.2.0, sha256 "
                + "ab".repeat(32) + ", UNSIGNED rule folder · overall: REVIEW REQUIRED");
    }
}
