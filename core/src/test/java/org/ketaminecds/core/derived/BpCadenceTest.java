package org.ketaminecds.core.derived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ketaminecds.core.MonitoringTestFacts.T0;
import static org.ketaminecds.core.MonitoringTestFacts.at;
import static org.ketaminecds.core.MonitoringTestFacts.bp;
import static org.ketaminecds.core.MonitoringTestFacts.evaluation;
import static org.ketaminecds.core.MonitoringTestFacts.session;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.vocabulary.LatestBloodPressure;
import org.ketaminecds.core.vocabulary.Session;

class BpCadenceTest {

    private static final Session SESSION = session("s", Product.KETAMINE, T0, at(40), 1);

    @Test
    void readingsEveryFifteenMinutesDuringTheInfusionLeaveNoGap() {
        BpCadence c = BpCadence.of(evaluation(Mode.POST_DOSE, Product.KETAMINE, 60), SESSION, at(40),
                List.of(bp("b1", at(15), 130, 80), bp("b2", at(30), 130, 80), bp("b3", at(45), 130, 80)));
        assertTrue(c.gaps().isEmpty());
        assertEquals(at(45), c.lastReading());
        assertEquals(at(75), c.nextDue(), "after dosing the recovery interval applies");
    }

    @Test
    void aGapDuringTheInfusionNamesItsEndsAndCitesTheReadings() {
        BpCadence c = BpCadence.of(evaluation(Mode.POST_DOSE, Product.KETAMINE, 50), SESSION, at(40),
                List.of(bp("b1", at(10), 130, 80), bp("b2", at(35), 130, 80), bp("b3", at(50), 130, 80)));
        assertEquals(List.of("no BP from T0+10 min to T0+35 min (infusion running)"), c.gaps());
        assertEquals(List.of("b1", "b2"), c.evidence());
    }

    @Test
    void theOpenGapToTheDischargeTimeCountsInRecovery() {
        BpCadence c = BpCadence.of(evaluation(Mode.POST_DOSE, Product.KETAMINE, 90), SESSION, at(10),
                List.of(bp("b1", at(10), 130, 80), bp("b2", at(55), 130, 80)));
        assertEquals(List.of("no BP from T0+10 min to T0+55 min (recovery)", "no BP from T0+55 min to T0+90 min (recovery)"),
                c.gaps());
        assertEquals(List.of("b1", "b2"), c.evidence());
    }

    @Test
    void withoutAnyReadingTheGapRunsFromT0AndCitesTheAdministrations() {
        BpCadence c = BpCadence.of(evaluation(Mode.POST_DOSE, Product.KETAMINE, 20), SESSION, null, List.of());
        assertEquals(List.of("no BP from T0+0 min to T0+20 min (infusion running)"), c.gaps());
        assertEquals(SESSION.administrations(), c.evidence());
        assertEquals(T0, c.lastReading());
        assertEquals(at(15), c.nextDue(), "dosing goes on: the infusion interval applies");
    }

    @Test
    void tiersAreTheHighestEitherComponentReaches() {
        var ev = evaluation(Mode.PRE_DOSE, Product.ESKETAMINE, 0);
        assertEquals(BpTier.NONE, BpTier.of(LatestBloodPressure.of(List.of(bp("a", T0, 140, 90))), ev));
        assertEquals(BpTier.CAUTION, BpTier.of(LatestBloodPressure.of(List.of(bp("a", T0, 141, 90))), ev));
        assertEquals(BpTier.HOLD, BpTier.of(LatestBloodPressure.of(List.of(bp("a", T0, 120, 100))), ev));
        assertEquals(BpTier.DO_NOT_DOSE, BpTier.of(LatestBloodPressure.of(List.of(bp("a", T0, 181, 60))), ev));
        assertEquals(BpTier.NONE, BpTier.of(LatestBloodPressure.of(List.of()), ev));
    }

    @Test
    void aRiseCountsOnlyInAComponentTheBaselineHas() {
        var ev = evaluation(Mode.POST_DOSE, Product.ESKETAMINE, 60);
        LatestBloodPressure base = LatestBloodPressure.of(List.of(bp("a", at(-10), 120, 80)));
        assertTrue(BpTier.riseFromBaseline(bp("b", at(40), 160, 80), base, ev));
        assertFalse(BpTier.riseFromBaseline(bp("b", at(40), 159, 104), base, ev));
        assertTrue(BpTier.riseFromBaseline(bp("b", at(40), 120, 105), base, ev));
        LatestBloodPressure diastolicOnly = LatestBloodPressure.of(List.of(
                new org.ketaminecds.core.vocabulary.BloodPressure(List.of("d"), at(-10), null, null, 80.0)));
        assertFalse(BpTier.riseFromBaseline(bp("b", at(40), 200, 80), diastolicOnly, ev));
    }
}
