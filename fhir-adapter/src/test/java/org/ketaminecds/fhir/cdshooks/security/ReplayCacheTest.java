package org.ketaminecds.fhir.cdshooks.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayCacheTest {

    static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void firstUse_sameIdTwiceWhileLive_secondIsAReplay() throws Exception {
        ReplayCache cache = new ReplayCache(10);

        assertThat(cache.firstUse("a", NOW.plusSeconds(60), NOW)).isTrue();
        assertThat(cache.firstUse("a", NOW.plusSeconds(60), NOW.plusSeconds(30))).isFalse();
        assertThat(cache.firstUse("b", NOW.plusSeconds(60), NOW.plusSeconds(30))).isTrue();
    }

    @Test
    void firstUse_full_refusedUntilTheOldestExpiresNeverForgettingALiveId() throws Exception {
        ReplayCache cache = new ReplayCache(2);
        cache.firstUse("a", NOW.plusSeconds(30), NOW);
        cache.firstUse("b", NOW.plusSeconds(90), NOW);

        assertThatThrownBy(() -> cache.firstUse("c", NOW.plusSeconds(60), NOW.plusSeconds(10)))
                .isInstanceOfSatisfying(ReplayStore.Full.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(20)));
        assertThat(cache.firstUse("b", NOW.plusSeconds(90), NOW.plusSeconds(10))).isFalse(); // still known: refused
        // once "a" has expired there is room again, and "b" is still remembered
        assertThat(cache.firstUse("c", NOW.plusSeconds(90), NOW.plusSeconds(31))).isTrue();
        assertThat(cache.firstUse("b", NOW.plusSeconds(90), NOW.plusSeconds(31))).isFalse();
    }

    @Test
    void firstUse_expiredId_acceptedAgain() throws Exception {
        ReplayCache cache = new ReplayCache(1);
        cache.firstUse("a", NOW.plusSeconds(30), NOW);

        // its token has expired: the signature check refuses it before, so the id may go
        assertThat(cache.firstUse("a", NOW.plusSeconds(90), NOW.plusSeconds(31))).isTrue();
    }

    @Test
    void firstUse_longIds_keptAsTheirHashAndStillTold() throws Exception {
        ReplayCache cache = new ReplayCache(10);
        String long1 = "x".repeat(5_000) + "1";
        String long2 = "x".repeat(5_000) + "2";

        assertThat(cache.firstUse(long1, NOW.plusSeconds(60), NOW)).isTrue();
        assertThat(cache.firstUse(long2, NOW.plusSeconds(60), NOW)).isTrue();
        assertThat(cache.firstUse(long1, NOW.plusSeconds(60), NOW)).isFalse();
    }

    @Test
    void firstUse_blankId_refused() {
        ReplayCache cache = new ReplayCache(10);

        assertThatThrownBy(() -> cache.firstUse("", NOW.plusSeconds(60), NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.firstUse(" ", NOW.plusSeconds(60), NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
