package org.ketaminecds.benchmarks;

import java.util.concurrent.TimeUnit;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.record.PatientRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code CdsEngine.evaluate} on a typical record, per mode (issue 17's restated budget: p50 <= 150 us, p99 <= 500 us):
 * candidacy and pre-dose on {@link TypicalRecords#typical()}, post-dose and review on the same patient in an esketamine
 * course ({@link TypicalRecords#inCourse()}).
 */
@State(Scope.Benchmark)
@BenchmarkMode({org.openjdk.jmh.annotations.Mode.SampleTime, org.openjdk.jmh.annotations.Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class EvaluateBenchmark {

    private CdsEngine engine;
    private PatientRecord record;
    private EvaluationContext candidacy;
    private EvaluationContext preDose;
    private PatientRecord inCourse;
    private EvaluationContext postDose;
    private EvaluationContext review;

    @Setup
    public void setUp() {
        engine = CdsEngine.builder().build();
        record = TypicalRecords.typical();
        candidacy = EvaluationContext.of(Mode.CANDIDACY, TypicalRecords.AS_OF);
        preDose = EvaluationContext.of(Mode.PRE_DOSE, TypicalRecords.AS_OF);
        inCourse = TypicalRecords.inCourse();
        postDose = EvaluationContext.of(Mode.POST_DOSE, TypicalRecords.AS_OF);
        review = EvaluationContext.of(Mode.REVIEW, TypicalRecords.AS_OF);
    }

    @Benchmark
    public Assessment evaluateCandidacy() {
        return engine.evaluate(record, candidacy);
    }

    @Benchmark
    public Assessment evaluatePreDose() {
        return engine.evaluate(record, preDose);
    }

    @Benchmark
    public Assessment evaluatePostDose() {
        return engine.evaluate(inCourse, postDose);
    }

    @Benchmark
    public Assessment evaluateReview() {
        return engine.evaluate(inCourse, review);
    }
}
