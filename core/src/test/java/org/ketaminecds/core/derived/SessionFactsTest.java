package org.ketaminecds.core.derived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ketaminecds.core.MonitoringTestFacts.T0;
import static org.ketaminecds.core.MonitoringTestFacts.at;
import static org.ketaminecds.core.MonitoringTestFacts.bp;
import static org.ketaminecds.core.MonitoringTestFacts.evaluation;
import static org.ketaminecds.core.MonitoringTestFacts.reading;
import static org.ketaminecds.core.MonitoringTestFacts.yesNo;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.MonitoringTestFacts;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.vocabulary.Course;
import org.ketaminecds.core.vocabulary.Evaluation;

/** The facts the "define" rules insert: post-dose BP, preparation, safety labs, the esketamine 40-min check. */
class SessionFactsTest {

    @Test
    void thePostDoseBpFindsTheLatestCrisisAndRiseAgainstTheLowerTiedBaseline() {
        Evaluation ev = evaluation(Mode.POST_DOSE, Product.ESKETAMINE, 120);
        PostDoseBp bp = PostDoseBp.of(List.of(bp("b0", at(-10), 130, 80), bp("b0b", at(-10), 120, 80),
                bp("b1", at(40), 185, 90), bp("b2", at(60), 160, 85), bp("b3", at(90), 150, 80)), ev);
        assertEquals("b1", bp.crisis().evidence().get(0));
        assertEquals("b2", bp.rise().evidence().get(0), "b3 (150) is only 30 above 120: the latest rise of 40 is b2");
        assertTrue(bp.anyAfter());
        assertEquals(120.0, bp.baseline().systolic());
    }

    @Test
    void withoutReadingsAfterT0ThereIsNothingToJudge() {
        PostDoseBp bp = PostDoseBp.of(List.of(bp("b0", at(-10), 130, 80), bp("t0", T0, 200, 80)),
                evaluation(Mode.POST_DOSE, Product.ESKETAMINE, 120));
        assertFalse(bp.anyAfter());
        assertNull(bp.rise());
        assertEquals("t0", bp.crisis().evidence().get(0), "a crisis at T0 is in the session");
    }

    @Test
    void preparationForEsketamineIsInformationalUnlessTheEscortIsMissing() {
        Evaluation esk = evaluation(Mode.PRE_DOSE, Product.ESKETAMINE, 0);
        PreDosePreparation fasting = PreDosePreparation.of(List.of(), List.of(),
                List.of(yesNo("e", "LOCAL#escort-confirmed", at(-30), true)), List.of(), esk);
        assertEquals("fasting", fasting.items());
        assertFalse(fasting.warning());
        assertEquals(Product.ESKETAMINE, fasting.product());
        assertFalse(fasting.npoForKetamine());
        PreDosePreparation noEscort = PreDosePreparation.of(List.of(yesNo("n", "LOCAL#npo-confirmed", at(-30), true)),
                List.of(), List.of(yesNo("e", "LOCAL#escort-confirmed", at(-30), false)), List.of(), esk);
        assertEquals("escort home", noEscort.items());
        assertTrue(noEscort.warning());
        assertNull(noEscort.product());
        assertEquals(List.of("e"), noEscort.evidence());
    }

    @Test
    void anUnknownProductNeedsNilByMouthForAnyProduct() {
        PreDosePreparation p = PreDosePreparation.of(List.of(), List.of(),
                List.of(yesNo("e", "LOCAL#escort-confirmed", at(-30), true)), List.of(), evaluation(Mode.PRE_DOSE, null, 0));
        assertEquals("nil by mouth", p.items());
        assertTrue(p.warning());
        assertTrue(p.npoForKetamine());
        assertNull(p.product());
    }

    @Test
    void aFirstKetamineSessionNeedsABaselineLiverPanelAndALongCourseAlsoUrineBlood() {
        Evaluation pre = evaluation(Mode.PRE_DOSE, Product.KETAMINE, 0);
        KetamineSafetyLabs first = KetamineSafetyLabs.of(List.of(), List.of(reading("a", "VS-ALT", at(-60), 20.0)), pre);
        assertFalse(first.longTerm());
        assertEquals("baseline LFTs (AST, ALP, GGT)", first.items());
        assertFalse(first.urineBloodDue());
        Course longCourse = new Course(Product.KETAMINE, T0.minus(Duration.ofDays(100)), T0.minus(Duration.ofDays(7)),
                List.of("s1", "s2"));
        KetamineSafetyLabs due = KetamineSafetyLabs.of(List.of(longCourse), List.of(), pre);
        assertTrue(due.longTerm());
        assertEquals("LFTs (ALT, AST, ALP, GGT) and urinalysis (blood)", due.items());
        assertEquals(T0.minus(MonitoringTestFacts.THRESHOLDS.duration("LAB_SURVEILLANCE_INTERVAL")), due.from());
    }

    @Test
    void theEsketamineCheckWindowClosesWhenAsOfPassesIt() {
        EsketamineBpCheck check = EsketamineBpCheck.of(List.of(), evaluation(Mode.POST_DOSE, Product.ESKETAMINE, 45));
        assertEquals(at(30), check.from());
        assertFalse(check.closed(evaluation(Mode.POST_DOSE, Product.ESKETAMINE, 50)));
        assertTrue(check.closed(evaluation(Mode.POST_DOSE, Product.ESKETAMINE, 51)));
        assertTrue(check.reading().isEmpty());
    }

    @Test
    void theEndOfInductionCarriesTheScoreChangeOrNone() {
        Course course = new Course(Product.ESKETAMINE, T0, T0, List.of("s1"));
        Evaluation review = new Evaluation(Mode.REVIEW, T0.plus(Duration.ofDays(30)), T0, T0, null, null, null, true,
                MonitoringTestFacts.THRESHOLDS);
        assertNull(InductionEnd.of(course, T0, List.of(), review).change());
        InductionEnd end = InductionEnd.of(course, T0, List.of(reading("b", "VS-PHQ9-TOTAL", at(-60), 20.0),
                reading("l", "VS-PHQ9-TOTAL", T0.plus(Duration.ofDays(20)), 5.0)), review);
        assertEquals(75.0, end.change().reductionPercent(), 1e-9);
        assertEquals("75%", ClinicalText.percent(end.change().reductionPercent()));
    }
}
