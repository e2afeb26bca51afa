package org.ketaminecds.fhir.bulk;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.commons.io.file.PathUtils;
import org.ketaminecds.fhir.bulk.ExportFolder.ExportFile;

/**
 * Screens a whole FHIR Bulk Data export folder on one machine, with bounded memory, and writes
 * {@code results.ndjson} (one {@link ScreenResult} per patient, sorted by patient) and {@code summary.json}
 * ({@link ScreenSummary}).
 *
 * <p>Two passes. The first reads the files (gunzip, line breaks) on up to {@link Builder#threads} threads at once,
 * finds each resource's patient on as many more ({@link ResourceLine}: a byte scan, Jackson where it is unsure) and
 * appends the line's bytes, with its place in the export, to one of N hash partitions in a temporary folder, N chosen
 * so that a partition holds about {@link Builder#partitionBytes}; a partition that came out much bigger is split
 * again. The second loads one partition at a time (the next one is read while this one is evaluated), groups its
 * lines by patient in export order and screens the patients in parallel. So the heap holds about two partitions, a
 * few chunks of lines per thread in the first pass, the resources naming no patient that are kept for references,
 * a bounded buffer of results, and per thread one patient of at most the screen's per-patient cap
 * ({@link PopulationScreen#withPatientCap}: the grouping stops holding a patient's lines past it) — never the
 * export, nor all of one huge patient. The temporary folder is deleted at the end, also on failure.
 *
 * <p>Resources naming no patient: Medication, Organization, Location and PractitionerRole are kept (the first in
 * export order, up to {@link Builder#sharedBytes}) and given to every patient whose resources reference them; every
 * other one (Practitioner, Group...) is dropped and counted. A malformed line is reported with its
 * file and line number to {@link Builder#onProblem} and skipped. The results do not depend on the thread count or
 * the partition size: the same export gives the same bytes.
 *
 * <pre>{@code
 * ScreenSummary s = BulkScreen.builder(PopulationScreen.of(engine, Mode.CANDIDACY, asOf))
 *         .threads(2).onProblem(p -> System.err.println(p)).build()
 *         .run(Path.of("export"), Path.of("out"));
 * }</pre>
 */
public final class BulkScreen {

    /** The output files in the out folder. */
    public static final String RESULTS_FILE = "results.ndjson";
    public static final String SUMMARY_FILE = "summary.json";

    /** Gzip hides the text size; FHIR JSON usually compresses 8-15 times. Only sizes the first split. */
    private static final int GZIP_RATIO_GUESS = 10;
    private static final int MAX_PARTITIONS = 1024;
    private static final int MAX_SPLIT_LEVEL = 4;

    private final PopulationScreen screen;
    private final int threads;
    private final long partitionBytes;
    private final long sharedBytes;
    private final long resultBytes;
    private final int maxLineChars;
    private final Path tempDir;
    private final Consumer<LineProblem> onProblem;
    private final ScreenProgress progress;

    private BulkScreen(Builder b) {
        this.screen = b.screen;
        this.threads = b.threads;
        this.partitionBytes = b.partitionBytes;
        this.sharedBytes = b.sharedBytes;
        this.resultBytes = b.resultBytes;
        this.maxLineChars = b.maxLineChars;
        this.tempDir = b.tempDir;
        this.onProblem = b.onProblem;
        this.progress = b.progress;
    }

    public static Builder builder(PopulationScreen screen) {
        return new Builder(screen);
    }

    /**
     * Screens the export in {@code exportDir} and writes {@code results.ndjson} and {@code summary.json} into
     * {@code outDir} (created when missing; files there are replaced).
     *
     * @throws UnreadableExportException when the folder, the manifest or a file cannot be read (a broken gzip too):
     *                                   no results are written then
     * @throws IOException               when the temporary or the output folder cannot be written
     */
    public ScreenSummary run(Path exportDir, Path outDir) throws UnreadableExportException, IOException {
        Objects.requireNonNull(exportDir, "exportDir");
        Objects.requireNonNull(outDir, "outDir");
        long start = System.nanoTime();
        long mapping0 = screen.mappingNanos();
        long rules0 = screen.rulesNanos();
        List<ExportFile> files = ExportFolder.files(exportDir);
        // Before the long part: a run must not fail at its end because the output cannot be written.
        Files.createDirectories(outDir);
        if (!Files.isWritable(outDir)) {
            throw new AccessDeniedException(outDir.toString(), null, "the output folder is not writable");
        }
        LongAdder readingCpu = new LongAdder();
        Path work = Files.createTempDirectory(tempDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : tempDir,
                "ketamine-cds-screen-");
        try {
            FirstPass first = new FirstPass(files, work);
            first.run();
            readingCpu.add(first.cpu.sum());
            long read = System.nanoTime();
            List<Spill.Partition> partitions = resplit(first.partitions, work);
            ScreenSummary.Tally tally = new ScreenSummary.Tally();
            SortedResults results = new SortedResults(work, resultBytes);
            secondPass(partitions, first, tally, results, readingCpu);
            results.writeTo(outDir.resolve(RESULTS_FILE));
            ScreenSummary.Input input = new ScreenSummary.Input(files.size(), first.totalBytes, first.ndjsonBytes.sum(),
                    first.resources.sum(), first.malformed.sum(), first.shared.size(), first.dropped);
            ScreenSummary.Run run = new ScreenSummary.Run(threads, partitions.size(),
                    Duration.ofNanos(System.nanoTime() - start), Duration.ofNanos(read - start),
                    Duration.ofNanos(readingCpu.sum()), Duration.ofNanos(screen.mappingNanos() - mapping0),
                    Duration.ofNanos(screen.rulesNanos() - rules0));
            ScreenSummary summary = tally.summary(screen.mode(), screen.asOf(), screen.knowledge(), input, run);
            Files.writeString(outDir.resolve(SUMMARY_FILE), summary.toJson() + "\n", StandardCharsets.UTF_8);
            return summary;
        } finally {
            if (Files.exists(work)) {
                PathUtils.deleteDirectory(work);
            }
        }
    }

    /**
     * The first pass's grouping of an export, for tests: patient -> lines in the order they are screened (export
     * order). Shared resources are not included.
     */
    Map<String, List<String>> groups(Path exportDir) throws UnreadableExportException, IOException {
        Path work = Files.createTempDirectory(tempDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : tempDir,
                "ketamine-cds-groups-");
        try {
            FirstPass first = new FirstPass(ExportFolder.files(exportDir), work);
            first.run();
            Map<String, List<String>> groups = new TreeMap<>();
            for (Spill.Partition p : resplit(first.partitions, work)) {
                Spill.load(p.file(), screen).forEach((patient, lines) -> groups.put(patient, lines.lines()));
            }
            return groups;
        } finally {
            PathUtils.deleteDirectory(work);
        }
    }

    /**
     * Pass 1: every line to its patient's partition; shared resources into memory. Files are read (gunzip, line
     * breaks) on up to {@code threads} threads at once, biggest first, and their chunks of lines scanned for their
     * patient on {@code threads} more; the order lines reach the spill does not matter ({@link Spill#order}).
     */
    private final class FirstPass {
        final List<ExportFile> files;
        final Path work;
        final long totalBytes;
        final AtomicLong read = new AtomicLong();
        final LongAdder ndjsonBytes = new LongAdder();
        final LongAdder resources = new LongAdder();
        final LongAdder malformed = new LongAdder();
        final LongAdder notShared = new LongAdder();
        final LongAdder patientLines = new LongAdder();
        final SharedCandidates candidates = new SharedCandidates(sharedBytes);
        final LongAdder cpu = new LongAdder();
        Map<String, String> shared;
        long dropped;
        List<Spill.Partition> partitions;

        FirstPass(List<ExportFile> files, Path work) {
            this.files = files;
            this.work = work;
            this.totalBytes = files.stream().mapToLong(ExportFile::size).sum();
        }

        void run() throws UnreadableExportException, IOException {
            long estimate = 0;
            for (ExportFile f : files) {
                estimate += f.name().endsWith(".gz") ? f.size() * GZIP_RATIO_GUESS : f.size();
            }
            int count = (int) Math.max(1, Math.min(MAX_PARTITIONS, (estimate + partitionBytes - 1) / partitionBytes));
            progress.reading(0, totalBytes);
            try (Spill spill = new Spill(work, "p", count, 0)) {
                readAndScan(spill);
                partitions = spill.finish();
            }
            shared = candidates.kept();
            dropped = notShared.sum() + candidates.offered() - shared.size();
            progress.reading(totalBytes, totalBytes);
        }

        private void readAndScan(Spill spill) throws UnreadableExportException, IOException {
            int readers = Math.min(threads, files.size());
            ExecutorService pool = Executors.newFixedThreadPool(readers + threads, daemon("ketamine-cds-screen-reader"));
            CompletionService<Void> done = new ExecutorCompletionService<>(pool);
            BlockingQueue<LineChunks.Chunk> chunks = new ArrayBlockingQueue<>(2 * threads);
            Queue<Integer> todo = new ConcurrentLinkedQueue<>();
            IntStream.range(0, files.size()).boxed()
                    .sorted(Comparator.comparingLong((Integer i) -> files.get(i).size()).reversed()).forEach(todo::add);
            AtomicInteger reading = new AtomicInteger(readers);
            try {
                for (int r = 0; r < readers; r++) {
                    done.submit(() -> {
                        try {
                            for (Integer f; (f = todo.poll()) != null; ) {
                                read(f, chunks);
                            }
                        } finally {
                            reading.decrementAndGet();
                        }
                        return null;
                    });
                }
                for (int t = 0; t < threads; t++) {
                    done.submit(() -> {
                        // until every reader is done and nothing is left; the poll's timeout only notices the end
                        while (reading.get() > 0 || !chunks.isEmpty()) {
                            LineChunks.Chunk c = chunks.poll(50, TimeUnit.MILLISECONDS);
                            if (c != null) {
                                scan(c, spill);
                            }
                        }
                        return null;
                    });
                }
                for (int n = readers + threads; n > 0; n--) {
                    firstFailure(done.take()); // the first failure ends the pass: the others are cancelled below
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } finally {
                stop(pool);
            }
        }

        /** One file to chunks of lines, on a reader thread. */
        private void read(int index, BlockingQueue<LineChunks.Chunk> chunks)
                throws UnreadableExportException, IOException, InterruptedException {
            long cpu0 = CpuClock.now();
            ExportFile f = files.get(index);
            CountingStream counted;
            try {
                counted = new CountingStream(Files.newInputStream(f.path()));
            } catch (IOException e) {
                throw new UnreadableExportException(f.name(), ExportFolder.describe(e), e);
            }
            InputStream decoded;
            try {
                decoded = ExportFolder.open(f, counted);
            } catch (UnreadableExportException e) {
                counted.close();
                throw e;
            }
            long reported = 0;
            try (LineChunks in = new LineChunks(decoded, index, maxLineChars)) {
                for (LineChunks.Chunk c; (c = next(in, f)) != null; ) {
                    cpu.add(CpuClock.now() - cpu0);
                    chunks.put(c);
                    cpu0 = CpuClock.now();
                    if (counted.count - reported >= (1 << 20)) {
                        progress.reading(read.addAndGet(counted.count - reported), totalBytes);
                        reported = counted.count;
                    }
                }
                ndjsonBytes.add(in.bytes());
            }
            read.addAndGet(f.size() - reported);
            cpu.add(CpuClock.now() - cpu0);
        }

        /** The next chunk; an I/O error while reading is the input's fault (a broken gzip, a vanished file). */
        private LineChunks.Chunk next(LineChunks in, ExportFile f) throws UnreadableExportException {
            try {
                return in.next();
            } catch (IOException e) {
                throw new UnreadableExportException(f.name(), ExportFolder.describe(e), e);
            }
        }

        /** Finds each line's patient and adds the chunk to the spill, on a scanning thread. */
        private void scan(LineChunks.Chunk c, Spill spill) throws IOException {
            long cpu0 = CpuClock.now();
            Spill.Batch batch = new Spill.Batch();
            long lines = 0;
            long patients = 0;
            for (int k = 0; k < c.count(); k++) {
                long lineNo = c.firstLine() + k;
                int start = c.starts()[k];
                if (start == LineChunks.TOO_LONG) {
                    problem(c.file(), lineNo, "longer than " + maxLineChars + " characters; skipped");
                    continue;
                }
                ResourceLine key;
                try {
                    key = ResourceLine.read(c.data(), start, c.ends()[k]);
                } catch (MalformedLineException e) {
                    problem(c.file(), lineNo, e.getMessage());
                    continue;
                }
                if (key == null) {
                    continue; // a blank line
                }
                lines++;
                long order = Spill.order(c.file(), lineNo);
                if (key.patient() != null) {
                    if ("Patient".equals(key.resourceType())) {
                        patients++;
                    }
                    batch.add(spill.partitionOf(key.patient()), key.patient(), order, c.data(), start, c.ends()[k]);
                } else if (SharedResources.TYPES.contains(key.resourceType()) && key.id() != null) {
                    candidates.offer(order, key.reference(),
                            new String(c.data(), start, c.ends()[k] - start, StandardCharsets.UTF_8));
                } else {
                    notShared.increment();
                }
            }
            spill.add(batch);
            resources.add(lines);
            patientLines.add(patients);
            cpu.add(CpuClock.now() - cpu0);
        }

        /** Problems go out one at a time (the consumer need not be thread-safe), in file order within a file. */
        private void problem(int file, long line, String what) {
            malformed.increment();
            synchronized (onProblem) {
                onProblem.accept(new LineProblem(files.get(file).name(), line, what));
            }
        }
    }

    /** Throws what a finished first-pass task threw. */
    private static void firstFailure(Future<Void> f) throws UnreadableExportException, IOException, InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnreadableExportException u) {
                throw u;
            }
            get(f);
        }
    }

    /** Splits partitions that came out much bigger than the budget (gzip guessed wrong, a skewed hash). */
    private List<Spill.Partition> resplit(List<Spill.Partition> partitions, Path work) throws IOException {
        List<Spill.Partition> out = new ArrayList<>();
        Deque<Spill.Partition> todo = new ArrayDeque<>(partitions);
        while (!todo.isEmpty()) {
            Spill.Partition p = todo.pollFirst();
            if (p.chars() <= partitionBytes + partitionBytes / 2 || p.level() >= MAX_SPLIT_LEVEL) {
                out.add(p);
                continue;
            }
            int count = (int) Math.min(MAX_PARTITIONS, (p.chars() + partitionBytes - 1) / partitionBytes);
            List<Spill.Partition> parts = Spill.split(p, work, count);
            if (parts.size() == 1) {
                out.add(parts.get(0)); // one patient (or one hash) holds it all: splitting again will not help
            } else {
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i)); // keep the order deterministic
                }
            }
        }
        return out;
    }

    /** Pass 2: a partition at a time, patients in parallel; the next partition is loaded meanwhile. */
    private void secondPass(List<Spill.Partition> partitions, FirstPass first, ScreenSummary.Tally tally,
                            SortedResults results, LongAdder readingCpu) throws IOException {
        if (partitions.isEmpty()) {
            return;
        }
        ExecutorService loader = Executors.newSingleThreadExecutor(daemon("ketamine-cds-screen-loader"));
        ExecutorService workers = Executors.newFixedThreadPool(threads, daemon("ketamine-cds-screen"));
        AtomicLong done = new AtomicLong();
        long total = first.patientLines.sum();
        progress.screening(0, total);
        try {
            Future<Map<String, PatientLines>> next = loader.submit(() -> load(partitions.get(0), readingCpu));
            for (int i = 0; i < partitions.size(); i++) {
                Map<String, PatientLines> group = get(next);
                if (i + 1 < partitions.size()) {
                    Spill.Partition following = partitions.get(i + 1);
                    next = loader.submit(() -> load(following, readingCpu));
                }
                List<Callable<Screened>> tasks = new ArrayList<>(group.size());
                for (PatientLines patient : group.values()) {
                    tasks.add(() -> {
                        ScreenResult r = screen.screen(patient, first.shared);
                        progress.screening(done.incrementAndGet(), Math.max(total, done.get()));
                        return new Screened(r, r.toJson()); // the JSON on this thread, not the collecting one
                    });
                }
                List<Future<Screened>> futures;
                try {
                    futures = workers.invokeAll(tasks);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                group.clear();
                for (Future<Screened> f : futures) {
                    Screened s = get(f);
                    tally.add(s.result());
                    results.add(s.result().patient(), s.json());
                }
            }
        } finally {
            stop(loader);
            stop(workers);
        }
    }

    /**
     * Interrupts a pool's tasks and waits for them to end: after a failure none may still write to (or delete from)
     * the temporary folder the run is about to delete.
     */
    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A patient's result and its results.ndjson line. */
    private record Screened(ScreenResult result, String json) {
    }

    private Map<String, PatientLines> load(Spill.Partition p, LongAdder cpu) throws IOException {
        long start = CpuClock.now();
        Map<String, PatientLines> group = Spill.load(p.file(), screen);
        Files.delete(p.file());
        cpu.add(CpuClock.now() - start);
        return group;
    }

    private static <T> T get(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof UncheckedIOException uio) {
                throw uio.getCause();
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Counts the bytes read from the file as stored (before gunzip), for progress. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }

    /** Configures a run; every setting but the screen is optional. */
    public static final class Builder {
        private final PopulationScreen screen;
        private int threads = Runtime.getRuntime().availableProcessors();
        private long partitionBytes = 32L << 20;
        private long sharedBytes = 64L << 20;
        private long resultBytes = 16L << 20;
        private int maxLineChars = 64 << 20;
        private Path tempDir;
        private Consumer<LineProblem> onProblem = p -> { };
        private ScreenProgress progress = ScreenProgress.NONE;

        private Builder(PopulationScreen screen) {
            this.screen = Objects.requireNonNull(screen, "screen");
        }

        /**
         * Evaluation threads; default: every core ({@code availableProcessors}). The first pass reads up to this many
         * files at once and finds the lines' patients on as many more threads.
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * About how much NDJSON text one partition holds in memory; default 32 MB. The heap needs about two
         * partitions plus what the evaluation threads hold (each at most one patient at the per-patient cap), so
         * {@code -Xmx512m} holds the defaults with two threads.
         */
        public Builder partitionBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("partitionBytes must be at least 1024, not " + bytes);
            }
            this.partitionBytes = bytes;
            return this;
        }

        /**
         * At most this much text of the resources naming no patient kept for references, the first in export order;
         * default 64 MB.
         */
        public Builder sharedBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("sharedBytes must not be negative, not " + bytes);
            }
            this.sharedBytes = bytes;
            return this;
        }

        /** Results kept in memory before a sorted run goes to disk; default 16 MB. */
        public Builder resultBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("resultBytes must be positive, not " + bytes);
            }
            this.resultBytes = bytes;
            return this;
        }

        /** A longer line is reported and skipped instead of read; default 64 M characters. */
        public Builder maxLineChars(int chars) {
            if (chars < 1) {
                throw new IllegalArgumentException("maxLineChars must be positive, not " + chars);
            }
            this.maxLineChars = chars;
            return this;
        }

        /** Where the partitions go (a folder is made in it and deleted at the end); default java.io.tmpdir. */
        public Builder tempDir(Path dir) {
            this.tempDir = dir;
            return this;
        }

        /**
         * Told of every skipped line, one call at a time (from the first pass's threads; in line order within a chunk
         * of a file, but files and chunks are read in parallel).
         */
        public Builder onProblem(Consumer<LineProblem> onProblem) {
            this.onProblem = Objects.requireNonNull(onProblem, "onProblem");
            return this;
        }

        public Builder progress(ScreenProgress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        public BulkScreen build() {
            return new BulkScreen(this);
        }
    }
}
