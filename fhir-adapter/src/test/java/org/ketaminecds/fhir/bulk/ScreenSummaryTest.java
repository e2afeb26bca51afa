package org.ketaminecds.fhir.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Disposition;
import org.ketaminecds.core.KnowledgeInfo;
import org.ketaminecds.core.Mode;

class ScreenSummaryTest {

    private static ScreenSummary summary(long unusable, long malformed, Duration cpu) {
        return new ScreenSummary(Mode.CANDIDACY, Instant.parse("2026-03-01T00:00:00Z"),
                new KnowledgeInfo("ketamine-cds-rules", "0.1.0", "abc", KnowledgeInfo.Source.BUILT_IN, null), 4, 4 - unusable, unusable,
                Map.of(Disposition.NO_CONCERNS, 3L, Disposition.INCOMPLETE, 1L), Map.of(),
                new ScreenSummary.Input(2, 2_000_000, 4_000_000, 40, malformed, 0, 0),
                new ScreenSummary.Run(2, 1, Duration.ofSeconds(2), Duration.ofSeconds(1), cpu, cpu.multipliedBy(4), cpu));
    }

    @Test
    void report_measuredRun_throughputCountsAndCpuPerPhase() {
        String report = summary(0, 0, Duration.ofMillis(500)).report("with 2 threads");

        assertThat(report.lines()).containsExactly(
                "Screened 4 patients (candidacy mode, as of 2026-03-01T00:00:00Z) in 2.0 s with 2 threads: "
                        + "2.0 patients/s, 2.0 MB/s.",
                "  DO_NOT_PROCEED 0, REVIEW_REQUIRED 0, INCOMPLETE 1, CAUTION 0, NO_CONCERNS 3",
                "  CPU: reading 0.5 s, parsing and mapping 2.0 s, rules 0.5 s (rules add 20% to reading and mapping)");
    }

    @Test
    void report_cpuNotMeasured_noCpuLine_unusableAndMalformedCounted() {
        String report = summary(1, 2, Duration.ZERO).report("on Spark with 2 cores");

        assertThat(report).doesNotContain("CPU");
        assertThat(report.lines()).contains("  1 patient could not be assessed (see \"error\" in their result lines)",
                "  2 malformed lines skipped");
        assertThat(report).startsWith("Screened 4 patients (candidacy mode, as of 2026-03-01T00:00:00Z) in 2.0 s "
                + "on Spark with 2 cores: ");
    }
}
