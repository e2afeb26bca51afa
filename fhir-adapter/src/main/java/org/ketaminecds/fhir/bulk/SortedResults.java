package org.ketaminecds.fhir.bulk;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Result lines sorted by patient with bounded memory: kept in memory up to a budget, then sorted into a run file;
 * at the end the runs are merged (an external merge sort). Not thread-safe.
 */
final class SortedResults {

    /** How many runs one merge reads at once (open files, 64 KB of buffer each). */
    private static final int MERGE_WIDTH = 128;

    private record Line(String patient, String json) {
    }

    private final Path dir;
    private final long budgetChars;
    private final List<Line> buffer = new ArrayList<>();
    private long bufferedChars;
    private final List<Path> runs = new ArrayList<>();
    private int nextRun;

    SortedResults(Path dir, long budgetChars) {
        this.dir = dir;
        this.budgetChars = budgetChars;
    }

    /** Adds one patient's result line ({@link ScreenResult#toJson()}, made on the screening thread). */
    void add(String patient, String json) throws IOException {
        buffer.add(new Line(patient, json));
        bufferedChars += json.length() + patient.length() + 48;
        if (bufferedChars >= budgetChars) {
            runs.add(writeRun(buffer));
        }
    }

    /** Writes every result, sorted by patient, one line each, to {@code out}. */
    void writeTo(Path out) throws IOException {
        if (runs.isEmpty()) {
            buffer.sort(Comparator.comparing(Line::patient));
            try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (Line l : buffer) {
                    w.write(l.json());
                    w.write('\n');
                }
            }
            buffer.clear();
            return;
        }
        if (!buffer.isEmpty()) {
            runs.add(writeRun(buffer));
        }
        while (runs.size() > MERGE_WIDTH) {
            List<Path> some = new ArrayList<>(runs.subList(0, MERGE_WIDTH));
            runs.subList(0, MERGE_WIDTH).clear();
            Path merged = nextRunFile();
            merge(some, merged, true);
            runs.add(merged);
        }
        merge(runs, out, false);
        runs.clear();
    }

    private Path writeRun(List<Line> lines) throws IOException {
        lines.sort(Comparator.comparing(Line::patient));
        Path run = nextRunFile();
        try (Writer w = Files.newBufferedWriter(run, StandardCharsets.UTF_8)) {
            for (Line l : lines) {
                w.write(l.patient());
                w.write('\t');
                w.write(l.json());
                w.write('\n');
            }
        }
        lines.clear();
        bufferedChars = 0;
        return run;
    }

    private Path nextRunFile() {
        return dir.resolve("results-" + nextRun++ + ".run");
    }

    private record Head(String patient, String json, int source) {
    }

    /** Merges sorted run files; {@code asRun} keeps the patient key (an intermediate run), else only the JSON. */
    private static void merge(List<Path> inputs, Path out, boolean asRun) throws IOException {
        List<BufferedReader> readers = new ArrayList<>(inputs.size());
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::patient)
                    .thenComparingInt(Head::source));
            for (int i = 0; i < inputs.size(); i++) {
                BufferedReader r = new BufferedReader(Files.newBufferedReader(inputs.get(i), StandardCharsets.UTF_8),
                        1 << 16);
                readers.add(r);
                push(heads, r.readLine(), i);
            }
            while (!heads.isEmpty()) {
                Head h = heads.poll();
                if (asRun) {
                    w.write(h.patient());
                    w.write('\t');
                }
                w.write(h.json());
                w.write('\n');
                push(heads, readers.get(h.source()).readLine(), h.source());
            }
        } finally {
            for (BufferedReader r : readers) {
                r.close();
            }
        }
        for (Path p : inputs) {
            Files.deleteIfExists(p);
        }
    }

    private static void push(PriorityQueue<Head> heads, String line, int source) {
        if (line != null) {
            int tab = line.indexOf('\t');
            heads.add(new Head(line.substring(0, tab), line.substring(tab + 1), source));
        }
    }
}
