package org.ketaminecds.samples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.RuleFolderPolicy;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.KnowledgeReloader;

/**
 * Watches a rule folder and its subfolders, and once edits have settled (no change for {@code settle}) runs an
 * action, on a daemon thread of its own. For {@code serve --rules DIR}, and the workbench's edit loop
 * ({@code workbench.EditLoop}, with a shorter settle time):
 *
 * <pre>{@code
 * RuleFolderWatcher watcher = RuleFolderWatcher.reloading(engine, rulesDir, policy, err);   // close() on shutdown
 * }</pre>
 */
public final class RuleFolderWatcher implements AutoCloseable {

    /** Long enough for an editor's save (write, rename) or a copied folder to land as one change. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    private final WatchService watcher;
    private final Thread thread;
    /** What closes with the watcher (the reloader's worker), or a no-op. */
    private AutoCloseable owned = () -> { };

    private RuleFolderWatcher(Path dir, Duration settle, Runnable onChange) throws IOException {
        this.watcher = FileSystems.getDefault().newWatchService();
        registerTree(dir);
        this.thread = new Thread(() -> loop(settle, onChange), "ketamine-cds rule folder watcher");
        thread.setDaemon(true);
    }

    /** Starts watching; {@code onChange} runs once per settled burst of changes, never concurrently with itself. */
    public static RuleFolderWatcher start(Path dir, Duration settle, Runnable onChange) throws IOException {
        RuleFolderWatcher w = new RuleFolderWatcher(Objects.requireNonNull(dir, "dir"), settle, onChange);
        w.thread.start();
        return w;
    }

    /**
     * Reloads {@code engine} from {@code dir} after each settled change, through {@link KnowledgeReloader} on its
     * background worker: a folder the policy refuses, that does not compile or fails its own scenarios is refused and
     * the engine keeps its package. One line per attempt on {@code log}, and one per problem of a refused folder.
     */
    static RuleFolderWatcher reloading(CdsEngine engine, Path dir, RuleFolderPolicy policy, PrintWriter log)
            throws IOException {
        return reloading(engine, dir, policy, log, (result, serving) -> { });
    }

    /** As above, also telling {@code onResult} each attempt's result ("loaded", "refused", "failed") and the package serving. */
    static RuleFolderWatcher reloading(CdsEngine engine, Path dir, RuleFolderPolicy policy, PrintWriter log,
                                       java.util.function.BiConsumer<String, org.ketaminecds.core.KnowledgeInfo> onResult)
            throws IOException {
        KnowledgeReloader reloader = new KnowledgeReloader(engine, FhirRecordReader.create(), policy);
        RuleFolderWatcher watcher = start(dir, SETTLE, () -> {
            long started = System.nanoTime();
            reloader.reloadInBackground(dir).whenComplete((outcome, failure) -> {
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                onResult.accept(failure != null ? "failed" : outcome.accepted() ? "loaded" : "refused", engine.knowledge());
                synchronized (log) {
                    if (failure != null) {
                        log.println("rules: " + dir + " could not be reloaded (" + failure + "); the package in use "
                                + "keeps serving");
                    } else if (outcome.accepted()) {
                        log.println("rules: " + dir + " reloaded in " + ms + " ms; serving "
                                + outcome.serving().describe());
                    } else {
                        log.println("rules: " + dir + " refused; still serving " + outcome.serving().describe() + ":");
                        outcome.problems().forEach(p -> log.println("  " + p));
                    }
                    log.flush();
                }
            });
        });
        watcher.owned = reloader;
        return watcher;
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
        try {
            owned.close();
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private void loop(Duration settle, Runnable onChange) {
        try {
            while (true) {
                drain(watcher.take());
                // Wait for quiet: every further event restarts the wait.
                WatchKey more;
                while ((more = watcher.poll(settle.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    // The watcher outlives a failed action (reloading() reports its own): the next edit gets its chance.
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /** Consumes a key's events, watching any folder created meanwhile (a new scenarios/ subfolder). */
    private void drain(WatchKey key) {
        Path parent = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                Path created = parent.resolve((Path) event.context());
                try {
                    if (Files.isDirectory(created)) {
                        registerTree(created);
                    }
                } catch (UncheckedIOException e) {
                    // Gone again before we could watch it: nothing there to watch.
                }
            }
        }
        key.reset();
    }

    private void registerTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path d : walk.filter(Files::isDirectory).toList()) {
                d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + root + ": " + e.getMessage(), e);
        }
    }
}
