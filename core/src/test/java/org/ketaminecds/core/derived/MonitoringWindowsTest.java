package org.ketaminecds.core.derived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ketaminecds.core.MonitoringTestFacts.T0;
import static org.ketaminecds.core.MonitoringTestFacts.at;
import static org.ketaminecds.core.MonitoringTestFacts.bp;
import static org.ketaminecds.core.MonitoringTestFacts.evaluation;
import static org.ketaminecds.core.MonitoringTestFacts.reading;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.MonitoringTestFacts;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.vocabulary.BloodPressure;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Reading;

class MonitoringWindowsTest {

    @Test
    void betweenIncludesBothEdgesAndNeverATimelessFact() {
        assertTrue(MonitoringWindows.between(reading("a", "X", at(0), 1.0), at(0), at(10)));
        assertTrue(MonitoringWindows.between(reading("a", "X", at(10), 1.0), at(0), at(10)));
        assertFalse(MonitoringWindows.between(reading("a", "X", at(11), 1.0), at(0), at(10)));
        assertFalse(MonitoringWindows.between(reading("a", "X", null, 1.0), at(0), at(10)));
    }

    @Test
    void anOpenWindowExcludesItsStart() {
        Duration hour = Duration.ofHours(1);
        assertFalse(MonitoringWindows.openWindow(reading("a", "X", at(-60), 1.0), T0, hour));
        assertTrue(MonitoringWindows.openWindow(reading("a", "X", at(-59), 1.0), T0, hour));
        assertTrue(MonitoringWindows.openWindow(reading("a", "X", T0, 1.0), T0, hour));
    }

    @Test
    void afterTheDoseExcludesT0ButTheSessionIncludesIt() {
        Evaluation ev = evaluation(Mode.POST_DOSE, Product.ESKETAMINE, 120);
        Reading atT0 = reading("a", "X", T0, 1.0);
        assertTrue(MonitoringWindows.inSession(atT0, ev));
        assertFalse(MonitoringWindows.afterDose(atT0, ev));
        assertTrue(MonitoringWindows.afterDose(reading("b", "X", at(120), 1.0), ev));
        assertFalse(MonitoringWindows.inSession(reading("c", "X", at(121), 1.0), ev));
    }

    @Test
    void aPatientWhoseEncounterEndedBeforeAsOfHasLeftAndEveryWindowHasClosed() {
        Evaluation stillHere = evaluation(Mode.POST_DOSE, null, 30);
        Evaluation left = new Evaluation(Mode.POST_DOSE, at(40), T0, at(30), null, null, null, true,
                MonitoringTestFacts.THRESHOLDS);
        assertFalse(MonitoringWindows.discharged(stillHere));
        assertFalse(MonitoringWindows.closed(stillHere, at(50)));
        assertTrue(MonitoringWindows.closed(stillHere, at(29)));
        assertTrue(MonitoringWindows.discharged(left));
        assertTrue(MonitoringWindows.closed(left, at(50)));
    }

    @Test
    void theReferenceTimeIsT0BeforeDosingAndAsOfOtherwise() {
        Evaluation pre = new Evaluation(Mode.PRE_DOSE, at(-30), T0, T0, null, null, null, true,
                MonitoringTestFacts.THRESHOLDS);
        Evaluation review = new Evaluation(Mode.REVIEW, at(-30), T0, T0, null, null, null, true,
                MonitoringTestFacts.THRESHOLDS);
        assertEquals(T0, MonitoringWindows.reference(pre));
        assertEquals(at(-30), MonitoringWindows.reference(review));
    }

    @Test
    void sortsByTimeThenIssuedThenIdAndDropsTimelessFacts() {
        Instant issuedLate = at(5);
        Reading b = new Reading("b", "X", java.util.Set.of("X"), at(1), at(2), 1.0, null, java.util.Set.of(), null, null,
                List.of(), null, true);
        Reading a = new Reading("a", "X", java.util.Set.of("X"), at(1), issuedLate, 1.0, null, java.util.Set.of(), null,
                null, List.of(), null, true);
        Reading c = reading("c", "X", at(0), 1.0);
        Reading d = reading("d", "X", at(3), 1.0);
        Reading e = reading("e", "X", at(3), 1.0);
        List<Reading> sorted = MonitoringWindows.sortedByTime(List.of(e, d, a, reading("t", "X", null, 1.0), b, c));
        assertEquals(List.of("c", "b", "a", "d", "e"), sorted.stream().map(Reading::id).toList());
        List<BloodPressure> bps = MonitoringWindows.sortedByTime(List.of(bp("z", at(1), 120, 80), bp("y", at(1), 120, 80)));
        assertEquals("y", bps.get(0).evidence().get(0));
    }
}
