package org.ketaminecds.samples.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.ketaminecds.fhir.bulk.ScreenProgress;

/**
 * The screen command's progress line on a terminal: phase, bar, done/total, rate and ETA, redrawn in place
 * ({@code \r}) at most five times a second. Never names a patient.
 */
final class ProgressBar implements ScreenProgress {

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private String phase;
    private long phaseStart;
    private long lastDraw;
    private int lastLength;

    ProgressBar(PrintWriter err, LongSupplier nanoTime) {
        this.err = err;
        this.nanoTime = nanoTime;
    }

    @Override
    public void reading(long done, long total) {
        update("reading", done, total, true);
    }

    @Override
    public void screening(long done, long total) {
        update("screening", done, total, false);
    }

    private synchronized void update(String name, long done, long total, boolean bytes) {
        long now = nanoTime.getAsLong();
        if (!name.equals(phase)) {
            if (phase != null) {
                err.println();
                lastLength = 0;
            }
            phase = name;
            phaseStart = now;
            lastDraw = Long.MIN_VALUE;
        }
        boolean finished = total > 0 && done >= total;
        if (!finished && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = render(name, done, total, bytes, (now - phaseStart) / 1e9);
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    /** Ends the line, so that what is printed next starts on a fresh one. */
    synchronized void finish() {
        if (phase != null) {
            err.println();
            err.flush();
            phase = null;
        }
    }

    static String render(String phase, long done, long total, boolean bytes, double seconds) {
        double fraction = total <= 0 ? 0 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-9s [", phase)).append("#".repeat(filled)).append("-".repeat(WIDTH - filled))
                .append(String.format(Locale.ROOT, "] %3d%%  ", Math.round(fraction * 100)));
        double rate = seconds > 0 ? done / seconds : 0;
        if (bytes) {
            s.append(megabytes(done)).append(" / ").append(megabytes(total)).append(" MB  ")
                    .append(String.format(Locale.ROOT, "%.1f MB/s", rate / 1e6));
        } else {
            s.append(done).append(" / ").append(total).append(" patients  ")
                    .append(String.format(Locale.ROOT, "%.0f/s", rate));
        }
        s.append("  ETA ").append(rate > 0 && total > done ? duration((total - done) / rate) : done >= total && total > 0 ? "0:00" : "--:--");
        return s.toString();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
