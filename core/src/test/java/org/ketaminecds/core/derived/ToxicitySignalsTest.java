package org.ketaminecds.core.derived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ketaminecds.core.derived.Facts.daysAgo;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.vocabulary.Diagnosis;
import org.ketaminecds.core.vocabulary.Medication;
import org.ketaminecds.core.vocabulary.Reading;
import org.junit.jupiter.api.Test;

/** KET-TOL-002/007/008/009: dose per kg, exposure, creatinine, liver panel, long-term use and MoCA. */
class ToxicitySignalsTest {

    @Test
    void dosePerKg_doseOverWeight_evidenceEndsWithTheWeight() {
        Reading weight = Facts.reading("Observation/w", "VS-WEIGHT", daysAgo(2), 80.0, "kg", null);

        DosePerKg d = DosePerKg.of(60, null, Route.IV, weight, List.of("MedicationRequest/plan"));

        assertThat(d.mgPerKg()).isEqualTo(0.75);
        assertThat(d.evidence()).containsExactly("MedicationRequest/plan", "Observation/w");
    }

    @Test
    void exposure_firstStart_andWhatIsNewSinceIt() {
        var exposure = KetamineExposure.of(List.of(administration("a", daysAgo(10)), administration("b", daysAgo(30)),
                administration("c", null)));

        assertThat(exposure.first()).isEqualTo(daysAgo(30));
        assertThat(exposure.precedes(luts(daysAgo(30)))).as("onset on the first exposure").isTrue();
        assertThat(exposure.precedes(luts(daysAgo(31)))).isFalse();
        assertThat(exposure.precedes(luts(null))).as("no onset counts").isTrue();
        assertThat(KetamineExposure.of(List.of(administration("c", null))).precedes(luts(daysAgo(400)))).isTrue();
    }

    @Test
    void creatinine_baselineBeforeExposure_latestLater_comparedInMgDl() {
        var exposure = new KetamineExposure(daysAgo(60));
        var before = Facts.reading("Observation/c1", "VS-CREATININE", daysAgo(90), 0.8, "mg/dL", null);
        var older = Facts.reading("Observation/c0", "VS-CREATININE", daysAgo(200), 0.5, "mg/dL", null);
        var now = Facts.reading("Observation/c2", "VS-CREATININE", daysAgo(1), 1.2, "mg/dL", null);

        var trend = CreatinineTrend.of(List.of(now, older, before), exposure);

        assertThat(trend.baseline()).isEqualTo(before);
        assertThat(trend.latest()).isEqualTo(now);
        assertThat(trend.reached(1.5)).as("1.2 = 1.5 x 0.8").isTrue();
        assertThat(trend.reached(1.6)).isFalse();
    }

    @Test
    void creatinine_otherUnits_notComparable_andOneReadingIsNoTrend() {
        var exposure = new KetamineExposure(daysAgo(60));
        var before = Facts.reading("Observation/c1", "VS-CREATININE", daysAgo(90), 0.8, "mg/dL", null);
        var odd = Facts.reading("Observation/c2", "VS-CREATININE", daysAgo(1), 9.0, "mg/L", null);

        assertThat(CreatinineTrend.of(List.of(before, odd), exposure).comparable()).isFalse();
        assertThat(CreatinineTrend.of(List.of(before, odd), exposure).reached(1.5)).isFalse();
        assertThat(CreatinineTrend.of(List.of(before), exposure).baseline()).isNull();
    }

    @Test
    void liverPanel_criticalBeatsAboveLimit_bilirubinOnlyCritical() {
        var alt = Facts.liverTest("Observation/alt", "VS-ALT", 130, "U/L", null);
        var ggt = Facts.liverTest("Observation/ggt", "VS-GGT", 70, "U/L", null);
        var bili = Facts.liverTest("Observation/bili", "VS-TBILI", 2.0, "mg/dL", null);

        var critical = LiverPanel.of(List.of(ggt, alt, bili), Facts.review());
        var above = LiverPanel.of(List.of(ggt, bili), Facts.review());

        assertThat(critical.worst()).isEqualTo(LiverBand.INJURY);
        assertThat(critical.atWorstIds()).containsExactly("Observation/alt");
        assertThat(ClinicalText.liverResults(critical.atWorst())).isEqualTo("ALT 130 U/L (3.25 x ULN)");
        assertThat(critical.defaultLimitsUsed()).containsExactly("TOL_ULN_ALT", "TOL_ULN_GGT", "TOL_ULN_TBILI");
        assertThat(above.worst()).as("bilirubin 1.67 x ULN is not a warning").isEqualTo(LiverBand.ABOVE_LIMIT);
        assertThat(above.atWorstIds()).containsExactly("Observation/ggt");
    }

    @Test
    void liverPanel_theLabsLimitFirst_elseTheDefaultInItsUnit_elseUnknown() {
        var withRange = Facts.liverTest("Observation/a", "VS-ALT", 50, "U/L", 60.0);
        var otherUnit = Facts.liverTest("Observation/b", "VS-AST", 2, "ukat/L", null);
        var unknownAnalyte = Facts.reading("Observation/x", "VS-LFT", Facts.NOW, 9.0, "U/L", null);

        var panel = LiverPanel.of(List.of(withRange, otherUnit, unknownAnalyte), Facts.review());

        assertThat(panel.worst()).isEqualTo(LiverBand.NORMAL);
        assertThat(panel.defaultLimitsUsed()).isEmpty();
        assertThat(panel.unknownLimitIds()).containsExactly("Observation/b");
        assertThat(ClinicalText.liverTests(panel.unknownLimit())).isEqualTo("AST (ukat/L)");
        assertThat(panel.results()).hasSize(2);
    }

    @Test
    void treatmentSpan_longTermBySessionsOrBySpan() {
        var span = TreatmentSpan.of(List.of(Facts.ketamine("a", 100, 40), Facts.ketamine("b", 10, 40)));

        assertThat(span.firstSession()).isEqualTo(daysAgo(100));
        assertThat(span.longTerm(12, Duration.ofDays(90), Facts.NOW)).isTrue();
        assertThat(span.longTerm(12, Duration.ofDays(101), Facts.NOW)).isFalse();
        assertThat(span.longTerm(2, Duration.ofDays(101), Facts.NOW)).isTrue();
        assertThat(TreatmentSpan.of(List.of()).longTerm(0, Duration.ZERO, Facts.NOW)).as("no sessions").isFalse();
    }

    @Test
    void moca_baselineOnOrBeforeTheFirstSession_tiesTakeTheLargerDecline() {
        var span = new TreatmentSpan(daysAgo(100), 12);
        var baseline = Facts.reading("Observation/m1", "VS-COGNITION", daysAgo(101), 27.0, null, null);
        var latestLow = Facts.reading("Observation/m2", "VS-COGNITION", daysAgo(1), 24.0, null, null);
        var latestHigh = Facts.reading("Observation/m3", "VS-COGNITION", daysAgo(1), 26.0, null, null);

        var change = MocaChange.of(List.of(latestHigh, baseline, latestLow), span);

        assertThat(change.baseline()).isEqualTo(baseline);
        assertThat(change.latest()).isEqualTo(latestLow);
        assertThat(change.decline()).isEqualTo(3);
        assertThat(MocaChange.of(List.of(baseline), span).decline()).isZero();
    }

    @Test
    void benefitCycles_relapsesSoonerEachCycle_shrinking() {
        var sessions = List.of(Facts.ketamine("a", 40, 40), Facts.ketamine("b", 28, 40), Facts.ketamine("c", 14, 40));
        var phq = List.of(phq("base", 41, 20), phq("r1", 32, 16), phq("r2", 22, 16), phq("r3", 12, 16));

        var benefit = BenefitCycles.of(phq, sessions, Facts.review());

        assertThat(benefit.verdict()).isEqualTo(BenefitVerdict.SHRINKING);
        assertThat(benefit.relapseDays()).containsExactly(8.0, 6.0, 2.0);
        assertThat(benefit.evidence()).containsExactly("Observation/base", "Observation/r1", "Observation/r2",
                "Observation/r3");
    }

    @Test
    void benefitCycles_heldThroughACycle_notShown_andAnUnmeasuredCycleUnknown() {
        var sessions = List.of(Facts.ketamine("a", 40, 40), Facts.ketamine("b", 28, 40), Facts.ketamine("c", 14, 40));
        var held = List.of(phq("base", 41, 20), phq("r1", 32, 16), phq("low", 22, 5), phq("r3", 12, 16));
        var gap = List.of(phq("base", 41, 20), phq("r1", 32, 16), phq("r3", 12, 16));

        assertThat(BenefitCycles.of(held, sessions, Facts.review()).verdict()).isEqualTo(BenefitVerdict.NOT_SHOWN);
        var unknown = BenefitCycles.of(gap, sessions, Facts.review());
        assertThat(unknown.verdict()).isEqualTo(BenefitVerdict.UNKNOWN);
        assertThat(unknown.unmeasured()).extracting(s -> s.id()).containsExactly("b");
        assertThat(BenefitCycles.of(List.of(phq("r1", 32, 16)), sessions, Facts.review()).baseline())
                .as("no score before the first session").isNull();
    }

    private static Reading phq(String id, double daysAgo, double score) {
        return Facts.reading("Observation/" + id, "VS-PHQ9-TOTAL", daysAgo(daysAgo), score, "{score}", null);
    }

    private static Medication administration(String id, java.time.Instant start) {
        return new Medication(id, MedicationKind.ADMINISTRATION, Set.of("VS-KETAMINE-PRODUCTS"), Set.of(), "completed",
                false, start, null, 40.0, null, Route.IV, null, null, null, null, null, List.of(), null);
    }

    private static Diagnosis luts(java.time.Instant onset) {
        return new Diagnosis("Condition/luts", Set.of("VS-LUTS"), "frequency", true, false, onset);
    }
}
