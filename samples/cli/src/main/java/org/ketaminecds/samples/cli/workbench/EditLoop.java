package org.ketaminecds.samples.cli.workbench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.KnowledgePackageException;
import org.ketaminecds.core.RuleFolderPolicy;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.ScenarioRunner;
import org.ketaminecds.fhir.ScenarioSuite;
import org.ketaminecds.samples.cli.RuleFolderWatcher;

/**
 * Watches a rule folder; after each settled save re-validates it and re-runs the scenarios the change can affect,
 * keeping the package warm between saves. One round at a time, on the watcher's thread (the first on the caller's).
 *
 * <pre>{@code
 * try (EditLoop loop = EditLoop.watch(folder, round -> show(round))) { ... loop.latest() ... }
 * }</pre>
 */
public final class EditLoop implements AutoCloseable {

    /** Short, so that the save-to-results budget (3 s) is spent on checking; an editor's save lands well within it. */
    static final Duration SETTLE = Duration.ofMillis(150);

    /** Signed or not: the workbench is an author's own tool. */
    private static final RuleFolderPolicy POLICY = RuleFolderPolicy.signatureOptional();

    private final Path folder;
    private final Consumer<EditRound> onRound;
    private final FhirRecordReader reader = FhirRecordReader.create();
    private RuleFolderWatcher watcher;
    private volatile EditRound latest;
    private volatile KnowledgePackage knowledge;
    /** The folder's files as the last round read them (empty before the first). Guarded by this. */
    private Map<String, byte[]> files = Map.of();

    private EditLoop(Path folder, Consumer<EditRound> onRound) {
        this.folder = folder;
        this.onRound = onRound;
    }

    /**
     * Starts watching {@code ruleFolder} and runs a first, full round before returning (seconds: it compiles the
     * folder); {@code onRound} gets that round and every later one, on the loop's thread.
     *
     * @throws IOException when the folder cannot be watched
     */
    public static EditLoop watch(Path ruleFolder, Consumer<EditRound> onRound) throws IOException {
        EditLoop loop = new EditLoop(Objects.requireNonNull(ruleFolder, "ruleFolder"),
                Objects.requireNonNull(onRound, "onRound"));
        // Watching first: a save during the first round is seen, and checked by the round after it.
        loop.watcher = RuleFolderWatcher.start(ruleFolder, SETTLE, loop::round);
        loop.round();
        return loop;
    }

    /** The last round that finished. */
    public EditRound latest() {
        return latest;
    }

    /** The package of the last round in which the folder loaded: what the workbench evaluates patients with. */
    public Optional<KnowledgePackage> knowledge() {
        return Optional.ofNullable(knowledge);
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // Closing a watch service does not fail in a way the caller could act on.
        }
    }

    /** One round: read, diff, load, run; never two at once. */
    private synchronized void round() {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        int number = latest == null ? 1 : latest.number() + 1;
        try {
            round(number, started, t0);
        } catch (RuntimeException e) {
            // Drools' or our own failure, not the author's: still a round to show, and the next save gets its chance.
            finish(new EditRound(number, started, since(t0), List.of(), Set.of(), List.of(new FolderProblem("", 0,
                    "the folder could not be checked: " + e, FolderProblem.Level.ERROR)), List.of()));
        }
    }

    private void round(int number, Instant started, long t0) {
        Map<String, byte[]> now;
        try {
            now = KnowledgePackage.readFolder(folder, POLICY);
        } catch (KnowledgePackageException e) {
            finish(new EditRound(number, started, since(t0), List.of(), Set.of(), errors(e), List.of()));
            return;
        }
        List<String> changed = changed(files, now);
        files = now;
        KnowledgePackage pkg;
        try {
            pkg = KnowledgePackage.fromFolderFiles(folder, now, POLICY, knowledge);
        } catch (KnowledgePackageException e) {
            finish(new EditRound(number, started, since(t0), changed, Set.of(), errors(e), List.of()));
            return;
        }
        List<FolderProblem> problems = new ArrayList<>();
        ScenarioSuite suite = ScenarioSuite.of(pkg);
        suite.malformed().forEach(m -> problems.add(scenarioProblem(m)));
        pkg.warnings().forEach(w -> problems.add(new FolderProblem(w.file(), w.line(), w.message(),
                FolderProblem.Level.WARNING)));
        List<ScenarioOutcome> outcomes = new ArrayList<>();
        ScenarioRunner runner = new ScenarioRunner(pkg, reader);
        suite.scenarios().forEach(s -> outcomes.add(outcome(runner.run(s), number)));
        knowledge = pkg;
        finish(new EditRound(number, started, since(t0), changed, pkg.ruleIds(), problems, outcomes));
    }

    private void finish(EditRound round) {
        latest = round;
        onRound.accept(round);
    }

    private static ScenarioOutcome outcome(ScenarioRunner.Result r, int round) {
        Set<String> rules = new TreeSet<>(r.scenario().mustNotFire());
        rules.addAll(r.scenario().mustNotPlan());
        r.scenario().expect().forEach(e -> rules.add(e.ruleId()));
        r.scenario().plan().forEach(p -> rules.add(p.ruleId()));
        return new ScenarioOutcome(r.scenario().file(), r.scenario().name(), rules, r.passed(), r.differences(),
                ScenarioSuite.actual(r.assessment()), round);
    }

    /** A scenario file that cannot be used: "scenarios/x.yaml: what" (no line: the reader names the field). */
    private static FolderProblem scenarioProblem(String line) {
        int colon = line.indexOf(": ");
        return colon < 0 ? new FolderProblem("", 0, line, FolderProblem.Level.ERROR)
                : new FolderProblem(line.substring(0, colon), 0, line.substring(colon + 2), FolderProblem.Level.ERROR);
    }

    private static List<FolderProblem> errors(KnowledgePackageException e) {
        return e.problems().stream().map(p -> new FolderProblem(p.file(), p.line(), p.message(),
                FolderProblem.Level.ERROR)).toList();
    }

    /** The paths added, edited or deleted between two reads of the folder, in path order. */
    static List<String> changed(Map<String, byte[]> before, Map<String, byte[]> after) {
        Set<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        return paths.stream().filter(p -> !Arrays.equals(before.get(p), after.get(p))).toList();
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
