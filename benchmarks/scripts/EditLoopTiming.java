import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ketaminecds.core.*;
import org.ketaminecds.fhir.*;
import org.ketaminecds.samples.cli.workbench.*;

/**
 * The workbench's edit loop (issue 15, view 3), warm: first what each step of a round costs in one JVM, then
 * save -> results for each typical change, applied 5 times (edit, then undo, alternately) to a copy of the package.
 */
public class EditLoopTiming {

    /** A typical change: one file, one text replaced by another (and back). */
    record Change(String kind, String file, String from, String to) {
    }

    static final List<Change> CHANGES = List.of(
            new Change("threshold (thresholds.yaml)", "thresholds.yaml",
                    "MON_CADSS_INFO_ABOVE:     { value: 4,", "MON_CADSS_INFO_ABOVE:     { value: 5,"),
            new Change("wording text (wording/contraindications.yaml)", "wording/contraindications.yaml",
                    "title: Aneurysmal vascular disease", "title: Aneurysmal vascular disease (edited)"),
            new Change("value-set code (valuesets/VS-AVM.json)", "valuesets/VS-AVM.json",
                    "\"code\": \"Q28.2\"", "\"code\": \"Q28.1\""),
            new Change("one DRL rule's condition (contraindications.drl)", "contraindications.drl",
                    "$d : Diagnosis( isA(\"VS-AVM\"), !isA(\"VS-HHT\") )", "$d : Diagnosis( active, isA(\"VS-AVM\"), !isA(\"VS-HHT\") )"));

    public static void main(String[] args) throws Exception {
        int times = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = Files.createTempDirectory("edit-loop");
        KnowledgePackage.fromClasspath().writeTo(dir);
        for (Change c : CHANGES) {
            if (!Files.readString(dir.resolve(c.file())).contains(c.from())) {
                throw new IllegalStateException(c.file() + " has no " + c.from());
            }
        }
        steps(dir);
        BlockingQueue<EditRound> rounds = new LinkedBlockingQueue<>();
        long s0 = System.nanoTime();
        try (EditLoop loop = EditLoop.watch(dir, rounds::add)) {
            EditRound first = rounds.take();
            System.out.printf("first round (full: compile, %d scenarios): %d ms, passed %s%n",
                    first.scenarios().size(), ms(System.nanoTime() - s0), first.passed());
            for (Change c : CHANGES) {
                long[] saveToResult = new long[times];
                long[] took = new long[times];
                int ran = 0;
                for (int i = 0; i < times; i++) {
                    Path file = dir.resolve(c.file());
                    String text = Files.readString(file);
                    String edited = i % 2 == 0 ? text.replace(c.from(), c.to()) : text.replace(c.to(), c.from());
                    long t0 = System.nanoTime();
                    Files.writeString(file, edited);
                    EditRound r;
                    do {
                        r = rounds.poll(300, TimeUnit.SECONDS);
                        if (r == null) {
                            throw new IllegalStateException("no round within 300 s after editing " + c.file());
                        }
                    } while (!r.changedFiles().contains(c.file()));
                    saveToResult[i] = ms(System.nanoTime() - t0);
                    took[i] = r.took().toMillis();
                    int number = r.number();
                    ran = (int) r.scenarios().stream().filter(s -> s.round() == number).count();
                    if (r.problems().stream().anyMatch(p -> p.level() == FolderProblem.Level.ERROR)) {
                        System.out.println("  problems: " + r.problems());
                    }
                }
                Arrays.sort(saveToResult);
                Arrays.sort(took);
                System.out.printf("%-50s save->result p50 %5d ms, max %5d ms | round p50 %5d ms, max %5d ms | "
                                + "%d of %d scenarios re-run%n", c.kind(), saveToResult[times / 2],
                        saveToResult[times - 1], took[times / 2], took[times - 1], ran, loop.latest().scenarios().size());
            }
        }
    }

    /** What each step of a round costs, warm (the third of three runs; the first two warm the JIT). */
    static void steps(Path dir) throws Exception {
        RuleFolderPolicy policy = RuleFolderPolicy.signatureOptional();
        FhirRecordReader reader = FhirRecordReader.create();
        for (int i = 1; i <= 3; i++) {
            long t0 = System.nanoTime();
            Map<String, byte[]> files = KnowledgePackage.readFolder(dir, policy);
            long t1 = System.nanoTime();
            KnowledgePackage compiled = KnowledgePackage.fromFolderFiles(dir, files, policy, null);
            long t2 = System.nanoTime();
            KnowledgePackage reused = KnowledgePackage.fromFolderFiles(dir, files, policy, compiled);
            long t3 = System.nanoTime();
            ScenarioSuite suite = ScenarioSuite.of(reused);
            long t4 = System.nanoTime();
            List<Object> records = new ArrayList<>();
            for (Scenario s : suite.scenarios()) {
                records.add(reader.read(s.bundleJson(), s.file()));
            }
            long t5 = System.nanoTime();
            // What a DRL edit of KET-CONTRA-002 re-runs, on the rule base just compiled, which has evaluated nothing yet.
            List<Scenario> some = suite.scenarios().stream().filter(s -> s.disposition() != null
                    || s.expect().stream().anyMatch(e -> e.ruleId().equals("KET-CONTRA-002"))
                    || s.mustNotFire().contains("KET-CONTRA-002")).toList();
            ScenarioRunner fresh = new ScenarioRunner(compiled, reader);
            long t5b = System.nanoTime();
            some.forEach(fresh::run);
            long t6 = System.nanoTime();
            ScenarioSuite.Report report = suite.run(reader);
            long t7 = System.nanoTime();
            System.out.printf("steps, run %d: read folder %d ms, check+compile %d ms, check reusing the compiled rules %d ms, "
                            + "parse %d scenarios %d ms, read their bundles %d ms, %d scenarios on the fresh rule base "
                            + "(read+evaluate) %d ms, all run (read+evaluate) %d ms (passed %s)%n",
                    i, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), suite.scenarios().size(), ms(t4 - t3), ms(t5 - t4),
                    some.size(), ms(t6 - t5b), ms(t7 - t6), report.passed());
        }
    }

    static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
