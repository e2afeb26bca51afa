package org.ketaminecds.core.derived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ketaminecds.core.derived.RecordFacts.daysAgo;

import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineScoreTest {

    private static final String MADRS = "LOCAL#madrs-total";

    @Test
    void noTotal_isAbsent_andNothingIsBelow() {
        BaselineScore score = BaselineScore.of("MADRS", List.of());

        assertThat(score.absent()).isTrue();
        assertThat(score.anyBelow(100)).isFalse();
    }

    @Test
    void theLatestTotalDecides() {
        BaselineScore score = BaselineScore.of("MADRS", List.of(RecordFacts.score("Observation/old", MADRS, daysAgo(20), 10),
                RecordFacts.score("Observation/new", MADRS, daysAgo(2), 30)));

        assertThat(score.absent()).isFalse();
        assertThat(score.latest()).extracting(r -> r.id()).containsExactly("Observation/new");
        assertThat(score.anyBelow(28)).isFalse();
        assertThat(score.anyBelow(31)).isTrue();
    }

    @Test
    void ofTiedTotals_anyOneBelowCounts() {
        BaselineScore score = BaselineScore.of("MADRS", List.of(RecordFacts.score("Observation/a", MADRS, daysAgo(2), 30),
                RecordFacts.score("Observation/b", MADRS, daysAgo(2), 20)));

        assertThat(score.latest()).hasSize(2);
        assertThat(score.anyBelow(28)).isTrue();
        assertThat(score.anyBelow(20)).isFalse();
    }
}
