package org.ketaminecds.samples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.AssessmentJson;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.KnowledgePackageException;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.PlannedTreatment;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.fhir.AssessmentFhir;
import org.ketaminecds.fhir.cdshooks.CdsHooksException;
import org.ketaminecds.fhir.cdshooks.CdsHooksJson;
import org.ketaminecds.fhir.cdshooks.CdsHooksService;
import org.ketaminecds.fhir.cdshooks.PrefetchFetcher;
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
                        + "problems (listed as file:line); 2 for usage errors; 3 when a file could not be used (not a "
                        + "regular file, larger than --max-file-size, not a record); 4 when the JVM ran out of memory."})
final class EvaluateCommand implements Callable<Integer> {

    /** Output formats, spelled as on the command line. */
    enum Format {
        TEXT, JSON, FHIR, CDS_HOOKS;

        static Format parse(String text) {
            for (Format f : values()) {
                if (f.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-').equals(text.trim())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown format '" + text + "' (expected text, json, cds-hooks or fhir)");
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "FHIR R4 Bundle (JSON) holding one patient's record, or a CDS Hooks request with its prefetch")
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

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = Converters.FormatConverter.class,
            description = "text, json, cds-hooks (the cards) or fhir (GuidanceResponse Bundle) (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--max-file-size", paramLabel = "SIZE", defaultValue = "64M", converter = Converters.SizeConverter.class,
            description = "refuse (exit 3) a file larger than this, e.g. 64M or 1G; the heap needs about five times it"
                    + " (default: ${DEFAULT-VALUE})")
    long maxFileSize;

    @Override
    public Integer call() {
        Instant time = asOf == null ? Instant.now() : asOf;
        EvaluationContext context = new EvaluationContext(mode, time, PlannedTreatment.of(product, route));
        // Build the engine (rules) on a thread of its own while the files are read and parsed (FHIR): the two slow
        // starts overlap, and the common pool stays free for the files.
        CompletableFuture<CdsEngine> engine = CompletableFuture.supplyAsync(
                () -> CdsEngine.builder().knowledgePackage(rules.load()).prepare(mode).build(),
                task -> new Thread(task, "ketamine-cds-engine").start());
        FhirRecordReader reader = FhirRecordReader.create().maxFileBytes(maxFileSize);
        PrintWriter err = spec.commandLine().getErr();
        // Files are read, and later evaluated, on every core (a parallel stream keeps their order): with many small
        // files, most of the work runs before the JIT has compiled it, so more cores is what makes it faster.
        List<Input> inputs = files.parallelStream().map(file -> Input.read(file, reader)).toList();
        int exit = 0;
        for (Input input : inputs) {
            if (input.error() != null) {
                err.println(input.error());
                exit = KetamineCds.UNUSABLE_INPUT;
            }
        }
        CdsEngine cds;
        try {
            cds = join(engine);
        } catch (KnowledgePackageException e) {
            RulesOption.report(err, rules.dir, e);
            err.flush();
            return RulesCommand.PROBLEMS;
        }
        CdsHooksService hooks = CdsHooksService.builder(cds).clock(Clock.fixed(time, ZoneOffset.UTC)).build();
        List<Answer> answers = inputs.parallelStream().filter(input -> input.error() == null)
                .map(input -> answer(input, cds, hooks, context)).toList();
        List<Assessment> assessments = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        for (Answer answer : answers) {
            if (answer.error() != null) {
                err.println(answer.error());
                exit = answer.unusable() ? KetamineCds.UNUSABLE_INPUT : exit;
            } else {
                assessments.add(answer.assessment());
                outputs.add(answer.output());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.TEXT) {
            outputs.forEach(out::print);
        } else if (format == Format.JSON) {
            out.println(AssessmentJson.toJson(assessments, files.size() > 1)); // DESIGN.md: an array for several files
        } else if (files.size() > 1) {
            out.println("[" + String.join(",\n", outputs) + "]");
        } else {
            outputs.forEach(out::println);
        }
        out.flush();
        return exit;
    }

    /**
     * What one file gave: its assessment and output (none for JSON, which is written from all assessments at once),
     * or the line that says why it gave none, {@code unusable} when that makes the exit 3.
     */
    private record Answer(Assessment assessment, String output, String error, boolean unusable) {
    }

    private Answer answer(Input input, CdsEngine cds, CdsHooksService hooks, EvaluationContext context) {
        Assessment assessment;
        CdsHooksJson.Response cards;
        if (input.record() != null) {
            assessment = cds.evaluate(input.record(), context);
            cards = format == Format.CDS_HOOKS ? hooks.cards(assessment) : null;
        } else {
            try {
                // A CDS Hooks request: its hook decides the mode; nothing is fetched from a FHIR server here.
                CdsHooksService.Result result = hooks.call("ketamine-cds-" + input.hook(), input.text(), PrefetchFetcher.NONE);
                assessment = result.assessment().orElse(null);
                cards = result.response();
            } catch (CdsHooksException e) {
                return new Answer(null, null, input.name() + ": " + e.getMessage(), true);
            }
            if (assessment == null && format != Format.CDS_HOOKS) {
                return new Answer(null, null, input.name()
                        + ": nothing to assess (the request is not about a ketamine or esketamine order)", false);
            }
        }
        return new Answer(assessment, switch (format) {
            case TEXT -> TextReport.render(input.name(), assessment);
            case JSON -> null;
            case FHIR -> AssessmentFhir.toJson(assessment);
            case CDS_HOOKS -> CdsHooksJson.write(cards);
        }, null, false);
    }

    /**
     * One input file: a patient's Bundle (read into a record), a CDS Hooks request (kept as text), or the line that
     * says why the file cannot be used.
     */
    record Input(String name, PatientRecord record, String hook, String text, String error) {

        private static final JsonFactory JSON = new JsonFactory();

        static Input read(Path file, FhirRecordReader reader) {
            String name = file.toString();
            try {
                String text = reader.readText(file); // a FIFO or a file over --max-file-size is refused here, unread
                String hook = hookOf(text);
                if (hook != null) {
                    return new Input(name, null, hook, text, null);
                }
                return new Input(name, reader.read(text, name), null, null, null);
            } catch (UnusableRecordException e) {
                return new Input(name, null, null, null, e.getMessage());
            }
        }

        /**
         * The hook of a CDS Hooks request (a top-level {@code hook} and {@code context}, no {@code resourceType}), or
         * {@code null}. Streamed, top-level names only, and a Bundle stops at its {@code resourceType}: the FHIR
         * reader parses the file anyway, so this must cost next to nothing.
         */
        static String hookOf(String text) {
            try (JsonParser json = JSON.createParser(text)) {
                if (json.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                String hook = null;
                boolean context = false;
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String field = json.currentName();
                    if (field.equals("resourceType")) {
                        return null;
                    }
                    JsonToken value = json.nextToken();
                    if (field.equals("hook")) {
                        hook = value == JsonToken.VALUE_STRING ? json.getText() : null;
                    }
                    context |= field.equals("context");
                    json.skipChildren();
                }
                return context ? hook : null;
            } catch (IOException e) {
                return null; // not readable as JSON text: the FHIR reader says why, in its words
            }
        }
    }

    private static CdsEngine join(CompletableFuture<CdsEngine> engine) {
        try {
            return engine.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
