package org.ketaminecds.samples.cli.workbench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.KnowledgePackageException;
import org.ketaminecds.core.RuleFolderPolicy;
import org.ketaminecds.core.RuleImpact;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.Scenario;
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
    private RuleFolderWatcher watcher;
    private volatile EditRound latest;
    private volatile KnowledgePackage knowledge;
    /** The folder's files as the last round read them (empty before the first). Guarded by this. */
    private Map<String, byte[]> files = Map.of();
    /** The last round that ran scenarios, or {@code null}. Guarded by this. */
    private Ran ran;
    /** The runner of the last round that ran scenarios, with the records it read. Guarded by this. */
    private ScenarioRunner runner;

    /**
     * What a round that ran scenarios saw and gave: the next one re-runs only what the edit since can change.
     *
     * @param files    the folder's files
     * @param parsed   its scenarios
     * @param outcomes by scenario file
     */
    private record Ran(Map<String, byte[]> files, Parsed parsed, Map<String, ScenarioOutcome> outcomes) {
    }

    /**
     * A folder's scenarios, read.
     *
     * @param ruleIds   the rules of the package they were read against
     * @param scenarios by file, in path order
     * @param malformed one line per file that cannot be used
     */
    private record Parsed(Set<String> ruleIds, Map<String, Scenario> scenarios, List<String> malformed) {
    }

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
        EditRound round;
        try {
            round = check(number, started, t0);
        } catch (RuntimeException e) {
            // Drools' or our own failure, not the author's: still a round to show, and the next save gets its chance.
            round = new EditRound(number, started, since(t0), List.of(), Set.of(), List.of(new FolderProblem("", 0,
                    "the folder could not be checked: " + e, FolderProblem.Level.ERROR)), List.of());
        }
        latest = round;
        onRound.accept(round);
    }

    private EditRound check(int number, Instant started, long t0) {
        Map<String, byte[]> now;
        try {
            now = KnowledgePackage.readFolder(folder, POLICY);
        } catch (KnowledgePackageException e) {
            return new EditRound(number, started, since(t0), List.of(), Set.of(), errors(e), List.of());
        }
        List<String> changed = changed(files, now);
        files = now;
        KnowledgePackage pkg;
        try {
            pkg = KnowledgePackage.fromFolderFiles(folder, now, POLICY, knowledge);
        } catch (KnowledgePackageException e) {
            return new EditRound(number, started, since(t0), changed, Set.of(), errors(e), List.of());
        }
        // Against the last round that ran scenarios, not the last round: edits made while the folder did not load
        // count too.
        RuleImpact impact = ran == null ? null : RuleImpact.of(ran.files(), now);
        boolean everything = impact == null || impact.everyRule();
        Set<String> affected = everything ? pkg.ruleIds() : impact.rules(pkg.ruleIds());
        // A disposition is the worst of all findings: any rule whose findings change can change it (words cannot).
        boolean dispositions = everything || !impact.findings().isEmpty();
        Parsed parsed = parsed(pkg, now);
        Map<String, Scenario> scenarios = parsed.scenarios();
        List<FolderProblem> problems = new ArrayList<>();
        parsed.malformed().forEach(m -> problems.add(scenarioProblem(m)));
        pkg.warnings().forEach(w -> problems.add(new FolderProblem(w.file(), w.line(), w.message(),
                FolderProblem.Level.WARNING)));
        ScenarioRunner run = runner == null ? new ScenarioRunner(pkg, FhirRecordReader.create())
                : runner.on(pkg, scenarios.values());
        Map<String, ScenarioOutcome> outcomes = new ConcurrentHashMap<>();
        Ran last = ran;
        scenarios.values().parallelStream().forEach(s -> {
            ScenarioOutcome before = last == null ? null : last.outcomes().get(s.file());
            boolean rerun = everything || before == null || !s.equals(last.parsed().scenarios().get(s.file()))
                    || s.disposition() != null && dispositions
                    || before.rules().stream().anyMatch(affected::contains);
            outcomes.put(s.file(), rerun ? outcome(run.run(s), number) : before);
        });
        ran = new Ran(now, parsed, outcomes);
        runner = run;
        knowledge = pkg;
        return new EditRound(number, started, since(t0), changed, affected, problems,
                scenarios.keySet().stream().map(outcomes::get).toList());
    }

    /**
     * The folder's scenarios: those of the last round that ran them when no scenario file changed since and the
     * package has the same rules (a scenario naming an unknown rule is malformed); else read again (tenths of a
     * second for 600 files).
     */
    private Parsed parsed(KnowledgePackage pkg, Map<String, byte[]> now) {
        if (ran != null && ran.parsed().ruleIds().equals(pkg.ruleIds()) && changed(ran.files(), now).stream()
                .noneMatch(path -> path.startsWith("scenarios/"))) {
            return ran.parsed();
        }
        ScenarioSuite suite = ScenarioSuite.of(pkg);
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        suite.scenarios().forEach(s -> scenarios.put(s.file(), s));
        return new Parsed(pkg.ruleIds(), scenarios, suite.malformed());
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
