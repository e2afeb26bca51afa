package org.ketaminecds.core.derived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ketaminecds.core.MonitoringTestFacts.T0;
import static org.ketaminecds.core.MonitoringTestFacts.at;
import static org.ketaminecds.core.MonitoringTestFacts.bp;
import static org.ketaminecds.core.MonitoringTestFacts.evaluation;
import static org.ketaminecds.core.MonitoringTestFacts.reading;
import static org.ketaminecds.core.MonitoringTestFacts.session;
import static org.ketaminecds.core.MonitoringTestFacts.yesNo;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;

class DischargeCriteriaTest {

    private static final Session SESSION = session("s", Product.ESKETAMINE, T0, at(130), 1);

    private static List<Reading> allMet() {
        return List.of(reading("m", "LOCAL#moaas-score", at(110), 5.0), yesNo("d", "LOCAL#dissociation-resolved", at(110), true),
                reading("o", "VS-SPO2", at(110), 97.0), yesNo("w", "LOCAL#ambulating-safely", at(110), true),
                yesNo("e", "LOCAL#escort-confirmed", at(-60), true));
    }

    @Test
    void everyCriterionMetAfterTwoHoursLeavesNothingToReport() {
        DischargeCriteria c = DischargeCriteria.judge(evaluation(Mode.POST_DOSE, Product.ESKETAMINE, 130), SESSION, List.of(),
                List.of(bp("b1", at(40), 150, 90), bp("b2", at(100), 130, 80)), allMet(), List.of(), List.of());
        assertFalse(c.anyUnmet());
        assertFalse(c.anyUndocumented());
        assertEquals("", c.items());
    }

    @Test
    void aShortObservationAndARisingBpAreUnmetWithTheirEvidence() {
        Evaluation ev = evaluation(Mode.POST_DOSE, Product.ESKETAMINE, 100);
        DischargeCriteria c = DischargeCriteria.judge(ev, SESSION, List.of(),
                List.of(bp("b1", at(40), 130, 80), bp("b2", at(70), 135, 80)), allMet(), List.of(), List.of());
        assertEquals(List.of("observed 100 min of 120 min", "BP 135/80 mmHg higher than the previous 130/80 mmHg"),
                c.unmet());
        assertEquals(List.of("MedicationAdministration/s", "b2", "b1"), c.evidence());
    }

    @Test
    void undocumentedCriteriaAreNamedAndCounted() {
        DischargeCriteria c = DischargeCriteria.judge(evaluation(Mode.POST_DOSE, Product.ESKETAMINE, 130), SESSION, List.of(),
                List.of(bp("b1", at(40), 130, 80)), List.of(reading("o", "VS-SPO2", at(110), 91.0)), List.of(), List.of());
        assertEquals(List.of("SpO2 91%"), c.unmet());
        assertEquals(List.of("a BP after the 40-min check", "MOAA/s", "dissociation resolved", "ambulating safely", "escort"),
                c.undocumented());
        assertTrue(c.bpUndocumented());
        assertTrue(c.undocumented("escort"));
        assertEquals("SpO2 91%; not documented: a BP after the 40-min check, MOAA/s, dissociation resolved, "
                + "ambulating safely, escort", c.items());
        assertEquals("SpO2 91%; 5 not documented", c.shortList());
    }

    @Test
    void theShortListStopsNearEightyCharactersAndCountsTheRest() {
        DischargeCriteria c = new DischargeCriteria(List.of("observed 100 min of 120 min", "BP 170/95 mmHg at or above the hold tier",
                "MOAA/s 3 (not fully alert)", "no escort"), List.of(), List.of());
        assertEquals("observed 100 min of 120 min; BP 170/95 mmHg at or above the hold tier (+2 more)", c.shortList());
    }

    @Test
    void aCrisisSymptomIsUnmet() {
        DischargeCriteria c = DischargeCriteria.judge(evaluation(Mode.POST_DOSE, Product.ESKETAMINE, 130), SESSION, List.of(),
                List.of(bp("b1", at(40), 150, 90), bp("b2", at(100), 130, 80)), allMet(),
                List.of(reading("h", "LOCAL#sudden-severe-headache", at(60), null)), List.of());
        assertEquals(List.of("symptoms of hypertensive crisis (KET-MON-008)"), c.unmet());
        assertEquals(List.of("h"), c.evidence());
    }
}
