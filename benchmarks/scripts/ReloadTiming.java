import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.ketaminecds.core.*;
import org.ketaminecds.core.record.*;
import org.ketaminecds.fhir.*;

/**
 * Reload of the full package from a folder, in a running JVM, with evaluations going on meanwhile; and how fast a
 * folder is refused before anything is compiled (a rule that reaches out of the vocabulary, a 500 MB value set).
 */
public class ReloadTiming {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        FhirRecordReader reader = FhirRecordReader.create();
        PatientRecord record = reader.read(Path.of(args[1]));
        EvaluationContext ctx = EvaluationContext.of(Mode.PRE_DOSE, Instant.parse("2026-03-01T08:50:00Z"));
        CdsEngine engine = CdsEngine.builder().build();
        for (int i = 0; i < 20000; i++) engine.evaluate(record, ctx);
        long[] quiet = sample(engine, record, ctx, 3000);
        KnowledgeReloader reloader = new KnowledgeReloader(engine, reader, RuleFolderPolicy.signatureOptional());
        Path bad = Files.createTempDirectory("refused-rules");
        KnowledgePackage.fromClasspath().writeTo(bad);
        Files.writeString(bad.resolve("candidacy.drl"), Files.readString(bad.resolve("candidacy.drl"))
                + "\nrule \"KET-CAND-001 x\"\nwhen\n    Evaluation( )\nthen\n    System.exit(0);\nend\n");
        Path big = Files.createTempDirectory("oversized-rules");
        KnowledgePackage.fromClasspath().writeTo(big);
        try (RandomAccessFile f = new RandomAccessFile(big.resolve("valuesets/VS-HUGE.json").toFile(), "rw")) {
            f.setLength(500L * 1024 * 1024); // sparse
        }
        for (int round = 1; round <= 3; round++) {
            System.out.printf("round %d: refused before compiling: a rule calling System.exit %d ms, a 500 MB value set %d ms%n",
                    round, refusedMs(bad), refusedMs(big));
        }
        for (int round = 1; round <= 4; round++) {
            long t0 = System.nanoTime();
            KnowledgePackage pkg = KnowledgePackage.fromDirectory(dir);
            long compiled = System.nanoTime();
            engine.reload(pkg);
            long swapped = System.nanoTime();
            KnowledgeReloader.Outcome o = reloader.reload(dir);   // compile + 232 scenarios + swap
            long gated = System.nanoTime();
            System.out.printf("round %d: fromDirectory %d ms, reload() %d us, KnowledgeReloader.reload %d ms (accepted %s)%n",
                    round, (compiled - t0) / 1_000_000, (swapped - compiled) / 1000, (gated - swapped) / 1_000_000, o.accepted());
        }
        System.out.printf("evaluate, quiet: p50 %d us, p99 %d us, max %d us%n", p(quiet, 50), p(quiet, 99), quiet[quiet.length - 1]);
        // Evaluations on one thread while a reload runs, on a thread of normal priority, then on the reloader's own
        // low-priority worker: latency, not a pause.
        during("a gated reload on a normal thread", engine, record, ctx, () -> reloader.reload(dir));
        during("reloadInBackground (its MIN_PRIORITY worker)", engine, record, ctx,
                () -> reloader.reloadInBackground(dir).join());
        reloader.close();
        System.out.println("serving " + engine.knowledge().describe());
    }

    static long refusedMs(Path dir) {
        long t0 = System.nanoTime();
        try {
            KnowledgePackage.fromDirectory(dir);
            throw new IllegalStateException(dir + " was not refused");
        } catch (KnowledgePackageException e) {
            return (System.nanoTime() - t0) / 1_000_000;
        }
    }

    static void during(String what, CdsEngine engine, PatientRecord record, EvaluationContext ctx, Runnable reload)
            throws InterruptedException {
        long[][] during = new long[1][];
        stop = false;
        Thread evaluator = new Thread(() -> during[0] = sample(engine, record, ctx, 200_000_000));
        evaluator.start();
        long t0 = System.nanoTime();
        reload.run();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        stop = true;
        evaluator.join();
        long[] d = during[0];
        System.out.printf("evaluate during %s (%d ms, %d evaluations): p50 %d us, p99 %d us, p99.9 %d us, max %d us%n",
                what, ms, d.length, p(d, 50), p(d, 99), p(d, 99.9), d[d.length - 1]);
    }

    static volatile boolean stop;

    static long[] sample(CdsEngine engine, PatientRecord r, EvaluationContext ctx, int max) {
        long[] t = new long[Math.min(max, 5_000_000)];
        int n = 0;
        while (n < t.length && !(max > 100_000 && stop)) {
            long s = System.nanoTime();
            engine.evaluate(r, ctx);
            t[n++] = (System.nanoTime() - s) / 1000;
        }
        long[] out = Arrays.copyOf(t, n);
        Arrays.sort(out);
        return out;
    }

    static long p(long[] sorted, double pct) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * pct / 100))];
    }
}
