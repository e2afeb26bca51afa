package org.ketaminecds.samples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.KnowledgePackageException;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.PlannedTreatment;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.fhir.AssessmentJson;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.UnusableRecordException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ketamine-cds evaluate FILE...}: one assessment per FHIR Bundle file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate each FHIR R4 Bundle file (one patient's record) and print an explained assessment.",
                "Exit 0 when every file was assessed, whatever the disposition; 1 when the --rules folder has "
                        + "problems (listed as file:line); 2 for usage errors; 3 when a file could not be used."})
final class EvaluateCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "FHIR R4 Bundle (JSON) holding one patient's record")
    List<Path> files;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "candidacy", converter = Converters.ModeConverter.class,
            description = "candidacy, pre-dose, post-dose or review (default: ${DEFAULT-VALUE})")
    Mode mode;

    @Option(names = "--as-of", paramLabel = "TIME", converter = Converters.TimeConverter.class,
            description = "evaluation time: ISO-8601 date-time with offset, or a date (start of day, UTC); default: now")
    Instant asOf;

    @Option(names = "--product", paramLabel = "PRODUCT", converter = Converters.ProductConverter.class,
            description = "esketamine or ketamine (default: from the record)")
    Product product;

    @Option(names = "--route", paramLabel = "ROUTE", converter = Converters.RouteConverter.class,
            description = "iv, im, sc, intranasal, oral or sublingual (default: from the record)")
    Route route;

    @Mixin
    RulesOption rules;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() {
        EvaluationContext context = new EvaluationContext(mode, asOf == null ? Instant.now() : asOf,
                PlannedTreatment.of(product, route));
        // Build the engine (rules) while the files are read and parsed (FHIR): the two slow starts overlap.
        CompletableFuture<CdsEngine> engine = CompletableFuture.supplyAsync(
                () -> CdsEngine.builder().knowledgePackage(rules.load()).build());
        FhirRecordReader reader = FhirRecordReader.create();
        PrintWriter err = spec.commandLine().getErr();
        List<String> names = new ArrayList<>();
        List<PatientRecord> records = new ArrayList<>();
        int exit = 0;
        for (Path file : files) {
            try {
                records.add(reader.read(file));
                names.add(file.toString());
            } catch (UnusableRecordException e) {
                err.println(e.getMessage());
                exit = KetamineCds.UNUSABLE_INPUT;
            }
        }
        List<Assessment> assessments = new ArrayList<>();
        CdsEngine cds;
        try {
            cds = join(engine);
        } catch (KnowledgePackageException e) {
            RulesOption.report(err, rules.dir, e);
            err.flush();
            return RulesCommand.PROBLEMS;
        }
        for (PatientRecord record : records) {
            assessments.add(cds.evaluate(record, context));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(AssessmentJson.toJson(assessments, files.size() > 1));
        } else {
            for (int i = 0; i < assessments.size(); i++) {
                out.print(TextReport.render(names.get(i), assessments.get(i)));
            }
        }
        out.flush();
        return exit;
    }

    private static CdsEngine join(CompletableFuture<CdsEngine> engine) {
        try {
            return engine.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
