package org.ketaminecds.fhir;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.KnowledgeInfo;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.KnowledgePackageException;
import org.ketaminecds.core.RuleFolderPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Safe reload: a rule folder replaces the engine's package only when the policy lets it load (signed by a trusted
 * key, within the size limits, every rule file within what a rule may use), it compiles, and it passes every one of
 * its own scenarios; otherwise it is refused and the package in use keeps serving. Evaluations never wait: the folder
 * is compiled and tested beside the running package, then swapped in at once ({@link CdsEngine#reload}).
 *
 * <pre>{@code
 * KnowledgeReloader reloader = new KnowledgeReloader(engine, reader, RuleFolderPolicy.signedBy(keys));
 * reloader.reloadInBackground(dir).thenAccept(outcome -> ...);   // close() on shutdown
 * }</pre>
 *
 * Loading a folder needs {@code org.drools:drools-mvel} on the classpath.
 */
public final class KnowledgeReloader implements AutoCloseable {

    /**
     * What a reload did.
     *
     * @param accepted whether the folder now serves
     * @param serving  the package the engine serves after the attempt
     * @param problems why it was refused, one line each (file, line or field, expected vs actual); empty if accepted
     * @param warnings what an operator must know about an accepted folder (it is not signed by a trusted key)
     */
    public record Outcome(boolean accepted, KnowledgeInfo serving, List<String> problems, List<String> warnings) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeReloader.class);

    private final CdsEngine engine;
    private final FhirRecordReader reader;
    private final Function<Path, KnowledgePackage> loader;
    /** One thread, below the priority of the threads that evaluate: a reload never runs beside another. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "ketamine-cds knowledge reload");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private final Object queue = new Object();
    /** The reload asked for and not started yet: a later request for the same folder joins it. */
    private CompletableFuture<Outcome> waiting;
    private Path waitingDir;

    /**
     * @param policy what a folder must be to load: {@link RuleFolderPolicy#signedBy} for a host that serves patients
     */
    public KnowledgeReloader(CdsEngine engine, FhirRecordReader reader, RuleFolderPolicy policy) {
        this(engine, reader, dir -> KnowledgePackage.fromDirectory(dir, Objects.requireNonNull(policy, "policy")));
    }

    /** With another way to load a folder: how tests hold a reload at a point of their choosing. */
    KnowledgeReloader(CdsEngine engine, FhirRecordReader reader, Function<Path, KnowledgePackage> loader) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.loader = loader;
    }

    /** Loads, tests and, if it passes, serves the folder, on the caller's thread. One reload at a time. */
    public synchronized Outcome reload(Path dir) {
        KnowledgePackage pkg;
        try {
            pkg = loader.apply(dir);
        } catch (KnowledgePackageException e) {
            return refused(e.problems().stream().map(KnowledgePackageException.Problem::toString).toList());
        }
        ScenarioSuite.Report report = ScenarioSuite.of(pkg).run(reader);
        if (!report.passed()) {
            return refused(report.problems());
        }
        try {
            engine.reload(pkg);
        } catch (IllegalArgumentException e) {
            return refused(List.of(e.getMessage()));
        }
        KnowledgeInfo serving = engine.knowledge();
        List<String> warnings = List.of();
        if (serving.source() == KnowledgeInfo.Source.UNSIGNED_FOLDER) {
            warnings = List.of("serving an UNSIGNED rule folder, " + dir + " (" + serving.describe() + "): signatures "
                    + "are not required (allow-unsigned); anyone who can write that folder runs code in this host");
            warnings.forEach(LOG::warn);
        }
        return new Outcome(true, serving, List.of(), warnings);
    }

    /**
     * Reloads on the reloader's own worker and returns at once: one thread at the lowest priority, so a reload (a
     * compile takes seconds of CPU) runs beside the evaluations, never before them; the package in use serves until
     * the new one is ready. At most one reload runs and at most one waits: asking again for a folder whose reload
     * has not started yet returns that reload's future (it reads the folder as it is when it starts), so a burst of
     * edits costs one reload, not one each.
     */
    public CompletableFuture<Outcome> reloadInBackground(Path dir) {
        Objects.requireNonNull(dir, "dir");
        synchronized (queue) {
            if (waiting != null && waitingDir.equals(dir)) {
                return waiting;
            }
            CompletableFuture<Outcome> next = new CompletableFuture<>();
            // Under the queue's lock: the task cannot start (and clear 'waiting') before it is set below; after
            // close() execute throws and nothing is left waiting.
            worker.execute(() -> {
                synchronized (queue) {
                    if (waiting == next) {
                        waiting = null; // started: a later edit needs a reload of its own
                    }
                }
                try {
                    next.complete(reload(dir));
                } catch (RuntimeException | Error e) {
                    next.completeExceptionally(e);
                }
            });
            waiting = next;
            waitingDir = dir;
            return next;
        }
    }

    /** Stops the worker: a reload that runs finishes; one that waits does not start. */
    @Override
    public void close() {
        worker.shutdown();
    }

    private Outcome refused(List<String> problems) {
        return new Outcome(false, engine.knowledge(), List.copyOf(problems), List.of());
    }
}
