package org.ketaminecds.samples.cli.workbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.bulk.BulkScreen;
import org.ketaminecds.fhir.bulk.PopulationScreen;
import org.ketaminecds.fhir.bulk.ScreenComparison;
import org.ketaminecds.fhir.bulk.ScreenProgress;
import org.ketaminecds.fhir.bulk.UnreadableExportException;

/**
 * The population-impact view's work: a Bulk export screened with the built-in package and with the edited one, in the
 * background, then compared ({@link ScreenComparison}, as {@code screen --compare} does). One run at a time; the page
 * polls {@link #status()}.
 */
final class ImpactJob implements AutoCloseable {

    /**
     * Where the run is.
     *
     * @param state      {@code idle}, {@code running}, {@code done} or {@code failed}
     * @param phase      what it is doing ("built-in package: screening")
     * @param done       of {@code total}, in the phase's unit (bytes read, patients screened)
     * @param comparison the result when done
     * @param error      what went wrong when failed
     */
    record Status(String state, String phase, long done, long total, ScreenComparison comparison, String error) {
        static final Status IDLE = new Status("idle", "", 0, 0, null, null);

        boolean running() {
            return state.equals("running");
        }
    }

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ketamine-cds workbench impact");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Status> status = new AtomicReference<>(Status.IDLE);

    Status status() {
        return status.get();
    }

    /**
     * Starts a run unless one is running.
     *
     * @return false when one is running
     * @throws IllegalArgumentException when the export folder does not exist
     */
    synchronized boolean start(Path export, CdsEngine builtIn, CdsEngine edited, Mode mode, Instant asOf) {
        if (status.get().running()) {
            return false;
        }
        if (!Files.isDirectory(export)) {
            throw new IllegalArgumentException(export + ": no such folder");
        }
        status.set(new Status("running", "starting", 0, 0, null, null));
        worker.submit(() -> run(export, builtIn, edited, mode, asOf));
        return true;
    }

    private void run(Path export, CdsEngine builtIn, CdsEngine edited, Mode mode, Instant asOf) {
        Path work = null;
        try {
            // Scratch space for the two result files, deleted after: nothing is written to the export or the rules.
            work = Files.createTempDirectory("ketamine-cds-workbench-");
            Path before = screen(builtIn, "built-in package", export, work.resolve("before"), mode, asOf);
            Path after = screen(edited, "edited package", export, work.resolve("after"), mode, asOf);
            ScreenComparison c = ScreenComparison.of(before, after);
            status.set(new Status("done", "done", c.patients(), c.patients(), c, null));
        } catch (UnreadableExportException e) {
            status.set(new Status("failed", "", 0, 0, null, e.getMessage()));
        } catch (IOException | RuntimeException e) {
            status.set(new Status("failed", "", 0, 0, null, "the screen failed: " + e.getMessage()));
        } finally {
            delete(work);
        }
    }

    private Path screen(CdsEngine engine, String which, Path export, Path out, Mode mode, Instant asOf)
            throws UnreadableExportException, IOException {
        BulkScreen.builder(PopulationScreen.of(engine, mode, asOf))
                .threads(Math.max(1, Runtime.getRuntime().availableProcessors() - 1))
                .progress(new ScreenProgress() {
                    @Override
                    public void reading(long done, long total) {
                        status.set(new Status("running", which + ": reading", done, total, null, null));
                    }

                    @Override
                    public void screening(long done, long total) {
                        status.set(new Status("running", which + ": screening", done, total, null, null));
                    }
                })
                .onProblem(p -> { }) // counted in the summary; a malformed line is not the rule author's problem here
                .build().run(export, out);
        return out.resolve(BulkScreen.RESULTS_FILE);
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
