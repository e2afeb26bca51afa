package org.ketaminecds.samples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.KnowledgeInfo;
import org.ketaminecds.core.KnowledgePackageException;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.bulk.BulkScreen;
import org.ketaminecds.fhir.bulk.LineProblem;
import org.ketaminecds.fhir.bulk.PopulationScreen;
import org.ketaminecds.fhir.bulk.ScreenComparison;
import org.ketaminecds.fhir.bulk.ScreenProgress;
import org.ketaminecds.fhir.bulk.ScreenSummary;
import org.ketaminecds.fhir.bulk.UnreadableExportException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ketamine-cds screen EXPORT_DIR --out DIR [--compare RULES_DIR]}: population screening of a FHIR Bulk Data
 * export, or the population impact of a rule change (the export screened with two packages, then compared).
 */
@Command(name = "screen", mixinStandardHelpOptions = true,
        description = {"Screen every patient of a FHIR Bulk Data export folder (NDJSON per resource type, gzip or not, "
                + "with its $export manifest when present) and write OUT/results.ndjson (one line per patient, sorted "
                + "by patient) and OUT/summary.json.",
                "A malformed line is reported as FILE:LINE: problem and skipped. Exit 0 when the export was screened "
                        + "(patients that could not be assessed have an error in their result line); 1 when the "
                        + "--rules or --compare folder has problems or OUT cannot be written; 2 for usage errors; 3 when the "
                        + "export cannot be read (the file is named); 4 when the JVM ran out of memory.",
                "With --compare RULES_DIR, the export is screened with the --rules package (or the prebuilt one) and "
                        + "with the edited rule folder, and the report says, per rule, how many patients changed "
                        + "outcome (fired, cannot assess, absent; with the severity) and their ids (at most "
                        + ScreenCommand.MAX_PRINTED_PATIENTS + " per change; OUT/compare.json has every one), and how the "
                        + "dispositions shifted.",
                "A patient with more resources than --max-patient-resources or more NDJSON than --max-patient-size "
                        + "gets a result line with an error instead of an assessment; the screen goes on."})
final class ScreenCommand implements Callable<Integer> {

    /** Malformed lines printed one by one; past this, only counted (summary.json has the total). */
    static final int MAX_PRINTED_PROBLEMS = 100;
    /** Patient ids printed per rule change with --compare; compare.json has them all. */
    static final int MAX_PRINTED_PATIENTS = 10;
    /** With --compare, the two screens' folders in OUT. */
    static final String BEFORE = "before";
    static final String AFTER = "after";
    private static final String DISCLAIMER = "Decision support for clinicians; not a substitute for clinical judgement.";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPORT_DIR", description = "the Bulk Data export folder")
    Path exportDir;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "folder for results.ndjson and summary.json (created when missing); with --compare, "
                    + "before/ and after/ with those files each, and compare.json")
    Path out;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "candidacy", converter = Converters.ModeConverter.class,
            description = "candidacy, pre-dose, post-dose or review (default: ${DEFAULT-VALUE})")
    Mode mode;

    @Option(names = "--as-of", paramLabel = "TIME", converter = Converters.TimeConverter.class,
            description = "evaluation time: ISO-8601 date-time with offset, or a date (start of day, UTC); default: now")
    Instant asOf;

    @Option(names = "--threads", paramLabel = "N",
            description = "evaluation threads (default: every core)")
    Integer threads;

    @Option(names = "--max-patient-resources", paramLabel = "N",
            description = "per-patient cap: a patient with more resources is not screened (error line) (default: "
                    + PopulationScreen.DEFAULT_MAX_PATIENT_RESOURCES + ")")
    Integer maxPatientResources;

    @Option(names = "--max-patient-size", paramLabel = "SIZE", converter = Converters.SizeConverter.class,
            description = "per-patient cap on the NDJSON of one patient, e.g. 64M; the heap needs about threads x five"
                    + " times it (default: 32M)")
    Long maxPatientSize;

    @Mixin
    RulesOption rules;

    @Option(names = "--compare", paramLabel = "RULES_DIR",
            description = "population impact of a rule change: screen the export twice, with the --rules package "
                    + "(default: the prebuilt one) into OUT/before and with this edited rule folder into OUT/after "
                    + "(the same --trusted-key), and print per rule how many patients changed outcome and which, and "
                    + "the disposition shift; OUT/compare.json lists every patient")
    Path compare;

    @Override
    public Integer call() {
        if (threads != null && threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, not " + threads);
        }
        if (maxPatientResources != null && maxPatientResources < 1) {
            throw new ParameterException(spec.commandLine(), "--max-patient-resources must be at least 1, not "
                    + maxPatientResources);
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        CdsEngine before;
        CdsEngine after = null;
        try {
            before = CdsEngine.builder().knowledgePackage(rules.load()).build();
        } catch (KnowledgePackageException e) {
            RulesOption.report(err, rules.dir, e);
            err.flush();
            return RulesCommand.PROBLEMS;
        }
        try {
            if (compare != null) {
                after = CdsEngine.builder().knowledgePackage(rules.load(compare)).build();
            }
        } catch (KnowledgePackageException e) {
            RulesOption.report(err, compare, e);
            err.flush();
            return RulesCommand.PROBLEMS;
        }
        Instant time = asOf == null ? before.clock().instant() : asOf;
        try {
            if (after == null) {
                stdout.print(report(screen(before, time, out, true), out));
            } else {
                stdout.print(compare(before, after, time));
            }
        } catch (UnreadableExportException e) {
            err.println(e.getMessage());
            err.flush();
            return KetamineCds.UNUSABLE_INPUT;
        } catch (IOException e) {
            err.println("ketamine-cds: cannot write the results (to " + out + ", or the temporary files to "
                    + System.getProperty("java.io.tmpdir") + "): " + describe(e));
            err.flush();
            return RulesCommand.PROBLEMS;
        }
        stdout.flush();
        return 0;
    }

    /**
     * Screens the export with both packages (the same screening, into OUT/before and OUT/after), writes
     * OUT/compare.json and returns what to print. Malformed lines are reported once, by the first screen.
     */
    private String compare(CdsEngine before, CdsEngine after, Instant time)
            throws UnreadableExportException, IOException {
        Path beforeDir = out.resolve(BEFORE);
        Path afterDir = out.resolve(AFTER);
        ScreenSummary was = screen(before, time, beforeDir, true);
        ScreenSummary is = screen(after, time, afterDir, false);
        ScreenComparison c = ScreenComparison.of(beforeDir.resolve(BulkScreen.RESULTS_FILE),
                afterDir.resolve(BulkScreen.RESULTS_FILE));
        Path json = out.resolve(ScreenComparison.COMPARE_FILE);
        Files.writeString(json, c.toJson() + "\n", StandardCharsets.UTF_8);
        String nl = System.lineSeparator();
        return "Before: " + (rules.dir == null ? "the prebuilt package " : rules.dir + " ") + name(was.knowledge()) + nl
                + was.report(workers(was)) + "After: " + compare + " " + name(is.knowledge()) + nl
                + is.report(workers(is)) + c.report(MAX_PRINTED_PATIENTS)
                + "Results: " + beforeDir.resolve(BulkScreen.RESULTS_FILE) + "  " + afterDir.resolve(BulkScreen.RESULTS_FILE)
                + nl + "Comparison, every patient: " + json + nl + DISCLAIMER + nl;
    }

    private static String name(KnowledgeInfo k) {
        return "(" + k.id() + " " + k.version() + ")";
    }

    /**
     * One screen of the export with {@code engine} into {@code dir}; malformed lines are printed when
     * {@code reportProblems} (not by a second screen of the same export).
     */
    private ScreenSummary screen(CdsEngine engine, Instant time, Path dir, boolean reportProblems)
            throws UnreadableExportException, IOException {
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = System.console() != null ? new ProgressBar(err, System::nanoTime) : null;
        AtomicLong problems = new AtomicLong();
        PopulationScreen screen = PopulationScreen.of(engine, mode, time).withPatientCap(
                maxPatientResources == null ? PopulationScreen.DEFAULT_MAX_PATIENT_RESOURCES : maxPatientResources,
                maxPatientSize == null ? PopulationScreen.DEFAULT_MAX_PATIENT_BYTES : maxPatientSize);
        BulkScreen bulk = BulkScreen.builder(screen)
                .threads(threads == null ? Runtime.getRuntime().availableProcessors() : threads)
                .progress(bar == null ? ScreenProgress.NONE : bar)
                .onProblem(p -> {
                    if (reportProblems) {
                        problem(err, bar, p, problems.incrementAndGet());
                    }
                })
                .build();
        try {
            return bulk.run(exportDir, dir);
        } finally {
            finish(bar);
            if (problems.get() > MAX_PRINTED_PROBLEMS) {
                err.println("... " + (problems.get() - MAX_PRINTED_PROBLEMS) + " more malformed lines skipped (not listed)");
                err.flush();
            }
        }
    }

    private static void problem(PrintWriter err, ProgressBar bar, LineProblem p, long count) {
        if (count <= MAX_PRINTED_PROBLEMS) {
            if (bar != null) {
                bar.finish();
            }
            err.println(p);
            err.flush();
        }
    }

    private static void finish(ProgressBar bar) {
        if (bar != null) {
            bar.finish();
        }
    }

    private static String describe(IOException e) {
        if (e instanceof FileAlreadyExistsException) {
            return e.getMessage() + " exists and is not a folder";
        }
        if (e instanceof AccessDeniedException a) {
            return a.getFile() + ": " + (a.getReason() == null ? "access denied" : a.getReason());
        }
        if (e instanceof NoSuchFileException) {
            return e.getMessage() + " does not exist";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The short report on stdout of a plain screen: counts only, never a patient. */
    static String report(ScreenSummary s, Path out) {
        StringBuilder b = new StringBuilder(s.report(workers(s)));
        b.append("Results: ").append(out.resolve(BulkScreen.RESULTS_FILE)).append("  Summary: ")
                .append(out.resolve(BulkScreen.SUMMARY_FILE)).append(System.lineSeparator());
        b.append(DISCLAIMER).append(System.lineSeparator());
        return b.toString();
    }

    private static String workers(ScreenSummary s) {
        int threads = s.run().threads();
        return "with " + threads + (threads == 1 ? " thread" : " threads");
    }
}
