package org.ketaminecds.core.derived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ketaminecds.core.MonitoringTestFacts.at;
import static org.ketaminecds.core.MonitoringTestFacts.bp;
import static org.ketaminecds.core.MonitoringTestFacts.evaluation;
import static org.ketaminecds.core.MonitoringTestFacts.reading;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.MonitoringTestFacts;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.vocabulary.BloodPressure;
import org.ketaminecds.core.vocabulary.Evaluation;

class PreDoseVitalsTest {

    private static final Evaluation PRE = new Evaluation(Mode.PRE_DOSE, at(-10), MonitoringTestFacts.T0,
            MonitoringTestFacts.T0, Product.ESKETAMINE, null, null, true, MonitoringTestFacts.THRESHOLDS);

    @Test
    void everyAbnormalTiedHeartRateIsListedAndTheLowerTiedSpo2Decides() {
        PreDoseVitals v = PreDoseVitals.of(
                List.of(reading("h1", "VS-HR", at(-20), 120.0), reading("h2", "VS-HR", at(-20), 115.0),
                        reading("h0", "VS-HR", at(-30), 130.0)),
                List.of(reading("s1", "VS-SPO2", at(-5), 95.0), reading("s2", "VS-SPO2", at(-5), 89.0)),
                List.of(reading("r1", "VS-RR", at(-5), 16.0)), PRE);
        assertEquals("heart rate 120/min, heart rate 115/min, SpO2 89%", v.items());
        assertEquals(List.of("h1", "h2", "s2"), v.evidence());
        assertTrue(v.spo2Critical());
    }

    @Test
    void normalVitalSignsAreNotAbnormal() {
        PreDoseVitals v = PreDoseVitals.of(List.of(reading("h", "VS-HR", at(-5), 80.0)),
                List.of(reading("s", "VS-SPO2", at(-5), 93.0)), List.of(reading("r", "VS-RR", at(-5), 10.0)),
                PRE);
        assertFalse(v.anyAbnormal());
        assertFalse(v.spo2Critical());
    }

    @Test
    void aPreDoseBpNamesItsMissingComponentAndTheOtherOnesValue() {
        PreDoseBp partial = PreDoseBp.of(List.of(new BloodPressure(List.of("d"), at(-5), null, null, 94.25)),
                evaluation(Mode.PRE_DOSE, Product.ESKETAMINE, 0));
        assertEquals("systolic", partial.missing());
        assertEquals("diastolic", partial.present());
        assertEquals("94.3", partial.presentValue());
        assertEquals(BpTier.CAUTION, partial.tier(), "diastolic 94 is above 90");
        assertEquals("caution", PreDoseBp.of(List.of(bp("b", at(-5), 150, 80)), PRE).tier().wordingName());
    }
}
