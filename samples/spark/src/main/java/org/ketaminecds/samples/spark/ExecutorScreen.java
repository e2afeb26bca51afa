package org.ketaminecds.samples.spark;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.bulk.PopulationScreen;

/**
 * The engine of this JVM (an executor, or the driver in local mode): built by the first task that needs it and
 * shared by every later task and thread, since {@link CdsEngine} is thread-safe and costly to build. Nothing of it
 * is serialised: tasks carry only the mode and asOf, and each JVM builds its own engine from the class path.
 */
final class ExecutorScreen {

    private static final Object LOCK = new Object();
    private static final AtomicInteger ENGINES_BUILT = new AtomicInteger();
    private static volatile CdsEngine engine;

    private ExecutorScreen() {
    }

    /** A screen for {@code mode} at {@code asOf} on this JVM's one engine (a screen itself costs nothing to make). */
    static PopulationScreen screen(Mode mode, Instant asOf) {
        return PopulationScreen.of(engine(), mode, asOf);
    }

    static CdsEngine engine() {
        CdsEngine e = engine;
        if (e == null) {
            synchronized (LOCK) {
                e = engine;
                if (e == null) {
                    e = CdsEngine.builder().build();
                    ENGINES_BUILT.incrementAndGet();
                    engine = e;
                }
            }
        }
        return e;
    }

    /**
     * Builds this JVM's engine and screens a minimal patient (loading HAPI's model classes) on a background thread;
     * the first task then finds both ready. For local mode, where the driver is the executor.
     */
    static void warmUpInBackground(Mode mode, Instant asOf) {
        Thread warm = new Thread(() -> {
            try {
                screen(mode, asOf).screen("warm-up", List.of("{\"resourceType\":\"Patient\",\"id\":\"warm-up\"}"));
            } catch (RuntimeException e) {
                // the first task builds the engine again and reports what is wrong
            }
        }, "ketamine-cds-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    /** How many engines this JVM has built (one, once any task ran): what the tests check. */
    static int enginesBuilt() {
        return ENGINES_BUILT.get();
    }
}
