package org.ketaminecds.samples.cli.workbench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.ScenarioSuite;

/**
 * The packages the workbench holds warm: the built-in one, and the one in use: with {@code --rules}, the folder's as
 * the edit loop last loaded it (a save that breaks it leaves the last good one in use), else the built-in one again.
 * An engine is built once per package.
 */
final class Packages implements AutoCloseable {

    /** What the page's header shows. */
    record Status(String knowledge, String folder, boolean editing, String export) {
    }

    /** Rounds kept for the page; older ones are dropped. */
    static final int ROUNDS_KEPT = 20;

    private final CdsEngine builtIn;
    private final Path folder;
    private final EditLoop loop;
    private final List<EditRound> rounds = new ArrayList<>();
    private volatile CdsEngine current;
    /** Without a folder: the built-in package's scenarios, run once in the background. */
    private volatile List<ScenarioOutcome> builtInScenarios = List.of();

    /**
     * @throws IOException when the folder cannot be watched
     */
    Packages(Path folder) throws IOException {
        this.folder = folder;
        this.builtIn = CdsEngine.builder().knowledgePackage(KnowledgePackage.fromClasspath()).build();
        this.current = builtIn;
        if (folder == null) {
            this.loop = null;
            Thread scenarios = new Thread(() -> builtInScenarios = run(builtIn.knowledgePackage()),
                    "ketamine-cds workbench scenarios");
            scenarios.setDaemon(true);
            scenarios.start();
        } else {
            this.loop = EditLoop.watch(folder, this::keep);
        }
    }

    private synchronized void keep(EditRound round) {
        rounds.add(0, round);
        if (rounds.size() > ROUNDS_KEPT) {
            rounds.remove(ROUNDS_KEPT);
        }
    }

    CdsEngine builtIn() {
        return builtIn;
    }

    KnowledgePackage current() {
        return currentEngine().knowledgePackage();
    }

    /** The engine of the package in use; a new one when the edit loop has loaded a new package. */
    synchronized CdsEngine currentEngine() {
        KnowledgePackage latest = loop == null ? builtIn.knowledgePackage()
                : loop.knowledge().orElse(builtIn.knowledgePackage());
        if (current.knowledgePackage() != latest) {
            current = CdsEngine.builder().knowledgePackage(latest).build();
        }
        return current;
    }

    /** The last rounds of the edit loop, newest first; empty without a folder. */
    synchronized List<EditRound> rounds() {
        return List.copyOf(rounds);
    }

    /** Rule id -> the last results of the scenarios that name it; empty until they have run. */
    Map<String, List<ScenarioOutcome>> scenariosByRule() {
        List<ScenarioOutcome> all = loop == null ? builtInScenarios
                : loop.latest() == null ? List.of() : loop.latest().scenarios();
        Map<String, List<ScenarioOutcome>> byRule = new TreeMap<>();
        all.forEach(s -> s.rules().forEach(r -> byRule.computeIfAbsent(r, k -> new ArrayList<>()).add(s)));
        return byRule;
    }

    Status status(Path export) {
        return new Status(current().info().describe(), folder == null ? null : folder.toString(), folder != null,
                export == null ? null : export.toString());
    }

    /** The package's scenarios, as the edit loop reports them. */
    private static List<ScenarioOutcome> run(KnowledgePackage pkg) {
        return ScenarioSuite.of(pkg).run(FhirRecordReader.create()).results().stream()
                .map(r -> ScenarioOutcome.of(r, 1)).toList();
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
    }
}
