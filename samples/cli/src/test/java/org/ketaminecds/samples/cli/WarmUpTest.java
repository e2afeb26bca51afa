package org.ketaminecds.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.Mode;

class WarmUpTest {

    /** Most scenarios start from a base patient: a warm-up that could not read those would warm almost nothing. */
    @Test
    void run_bundledPackage_evaluatesItsScenarioPatientsInEveryMode() {
        List<Assessment> seen = new CopyOnWriteArrayList<>();
        CdsEngine engine = CdsEngine.builder().initialSessions(1).listener((a, nanos) -> seen.add(a)).build();

        int evaluations = WarmUp.run(engine);

        assertThat(evaluations).isEqualTo(WarmUp.PATIENTS * Mode.values().length).isEqualTo(seen.size());
        assertThat(seen).extracting(Assessment::mode).containsOnly(Mode.values());
    }
}
