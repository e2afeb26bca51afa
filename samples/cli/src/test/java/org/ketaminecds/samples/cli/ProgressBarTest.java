package org.ketaminecds.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void render_halfTheBytesInTenSeconds_rateAndEta() {
        assertThat(ProgressBar.render("reading", 500_000_000, 1_000_000_000, true, 10))
                .isEqualTo("reading   [############------------]  50%  500.0 / 1000.0 MB  50.0 MB/s  ETA 0:10");
    }

    @Test
    void render_patients_rateAndEtaInHours() {
        assertThat(ProgressBar.render("screening", 1_000, 100_000, false, 100))
                .isEqualTo("screening [------------------------]   1%  1000 / 100000 patients  10/s  ETA 2:45:00");
    }

    @Test
    void render_nothingDoneYet_unknownEta() {
        assertThat(ProgressBar.render("screening", 0, 10, false, 0)).endsWith("0 / 10 patients  0/s  ETA --:--");
    }

    @Test
    void update_fastUpdates_redrawnAtMostFiveTimesASecondButAlwaysAtTheEnd() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), now::get);

        for (int i = 1; i <= 100; i++) {
            now.addAndGet(10_000_000); // 10 ms apart: 1 s in all
            bar.screening(i, 100);
        }
        bar.finish();

        long draws = text.toString().chars().filter(c -> c == '\r').count();
        assertThat(draws).isBetween(5L, 7L);
        assertThat(text.toString()).contains("100 / 100 patients").endsWith(System.lineSeparator());
    }
}
