package org.ketaminecds.fhir;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.KnowledgeInfo;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.KnowledgePackageException;

/**
 * Safe reload: a rule folder replaces the engine's package only when it loads without a problem and passes every
 * one of its own scenarios; otherwise it is refused and the package in use keeps serving. Evaluations never wait:
 * the folder is compiled and tested beside the running package, then swapped in at once
 * ({@link CdsEngine#reload}). Loading a folder needs {@code org.drools:drools-mvel} on the classpath.
 */
public final class KnowledgeReloader {

    /**
     * What a reload did.
     *
     * @param accepted whether the folder now serves
     * @param serving  the package the engine serves after the attempt
     * @param problems why it was refused, one line each (file, line or field, expected vs actual); empty if accepted
     */
    public record Outcome(boolean accepted, KnowledgeInfo serving, List<String> problems) {
    }

    private final CdsEngine engine;
    private final FhirRecordReader reader;

    public KnowledgeReloader(CdsEngine engine, FhirRecordReader reader) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /** Loads, tests and, if it passes, serves the folder. One reload at a time; evaluations go on meanwhile. */
    public synchronized Outcome reload(Path dir) {
        KnowledgePackage pkg;
        try {
            pkg = KnowledgePackage.fromDirectory(dir);
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
        return new Outcome(true, engine.knowledge(), List.of());
    }

    private Outcome refused(List<String> problems) {
        return new Outcome(false, engine.knowledge(), List.copyOf(problems));
    }
}
