package example;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.FhirRecordReader;

/** The README's embedding example as an application: java example.Assess BUNDLE.json [AS_OF]. */
public final class Assess {

    public static void main(String[] args) throws IOException {
        Instant asOf = args.length > 1 ? Instant.parse(args[1]) : Instant.now();
        assess(Path.of(args[0]), asOf, System.out);
    }

    static void assess(Path bundle, Instant asOf, PrintStream out) throws IOException {
        CdsEngine engine = CdsEngine.builder().build();
        FhirRecordReader reader = FhirRecordReader.create();
        Assessment a = engine.evaluate(reader.read(bundle),
                EvaluationContext.of(Mode.CANDIDACY, asOf));
        out.println("disposition: " + a.disposition());
        a.findings().forEach(f -> out.println(f.ruleId() + " " + f.summary()));
    }
}
