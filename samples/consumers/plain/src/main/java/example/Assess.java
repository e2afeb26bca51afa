package example;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.UnusableRecordException;

/** The README's embedding example as an application: java example.Assess BUNDLE.json [AS_OF]. */
public final class Assess {

    public static void main(String[] args) {
        Instant asOf = args.length > 1 ? Instant.parse(args[1]) : Instant.now();
        try {
            assess(Path.of(args[0]), asOf, System.out);
        } catch (UnusableRecordException e) {
            System.err.println(e.getMessage());
            System.exit(3);
        }
    }

    static void assess(Path bundle, Instant asOf, PrintStream out) throws UnusableRecordException {
        CdsEngine engine = CdsEngine.builder().build();
        FhirRecordReader reader = FhirRecordReader.create();
        Assessment a = engine.evaluate(reader.read(bundle),
                EvaluationContext.of(Mode.CANDIDACY, asOf));
        out.println("disposition: " + a.disposition());
        a.findings().forEach(f -> out.println(f.ruleId() + " " + f.summary()));
    }
}
