package org.ketaminecds.core.derived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ketaminecds.core.MonitoringTestFacts.T0;
import static org.ketaminecds.core.MonitoringTestFacts.at;
import static org.ketaminecds.core.MonitoringTestFacts.evaluation;
import static org.ketaminecds.core.MonitoringTestFacts.reading;
import static org.ketaminecds.core.MonitoringTestFacts.session;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.vocabulary.DataIssue;
import org.ketaminecds.core.vocabulary.Diagnosis;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;

/** REMS form, safety labs, crisis signs, invalid values, evidence ids and their text. */
class SafetyChecksTest {

    @Test
    void theRemsFormAppliesUnlessTheSettingIsInpatient() {
        assertTrue(RemsForm.applies("AMB"));
        assertTrue(RemsForm.applies(null));
        assertFalse(RemsForm.applies("IMP"));
        assertFalse(RemsForm.applies("NONAC"));
    }

    @Test
    void theRemsFormIsSubmittedInTheEncounterOrAboutAnAdministration() {
        Session s = session("Encounter/e", Product.ESKETAMINE, T0, at(120), 1);
        Reading inEncounter = new Reading("f", "LOCAL#rems-pmf-submitted", Set.of(), at(200), null, null, null, Set.of(),
                true, null, List.of(), "Encounter/e", true);
        Reading aboutDose = new Reading("g", "LOCAL#rems-pmf-submitted", Set.of(), at(200), null, null, null, Set.of(),
                true, null, List.of("MedicationAdministration/Encounter/e"), null, true);
        Reading other = new Reading("h", "LOCAL#rems-pmf-submitted", Set.of(), at(200), null, null, null, Set.of(),
                true, null, List.of("MedicationAdministration/x"), "Encounter/x", true);
        assertTrue(RemsForm.submitted(s, List.of(other, inEncounter)));
        assertTrue(RemsForm.submitted(s, List.of(aboutDose)));
        assertFalse(RemsForm.submitted(s, List.of(other)));
        assertFalse(RemsForm.overdue(s, evaluation(Mode.REVIEW, null, 7 * 24 * 60)));
        assertTrue(RemsForm.overdue(s, evaluation(Mode.REVIEW, null, 7 * 24 * 60 + 1)));
    }

    @Test
    void missingLiverTestsAreNamedInPanelOrder() {
        List<Reading> labs = List.of(reading("a", "VS-AST", at(-10), 30.0), reading("g", "VS-GGT", at(-100), 30.0),
                reading("u", "VS-UA-BLOOD", at(-5), null));
        assertEquals(List.of("ALT", "ALP", "GGT"), MonitoringLabs.missingLiverTests(labs, at(-60), T0));
        assertTrue(MonitoringLabs.hasUrineBlood(labs, at(-60), T0));
        assertFalse(MonitoringLabs.hasUrineBlood(labs, at(-60), at(-6)));
    }

    @Test
    void crisisSignsCountInTheSessionUnlessDocumentedAbsent() {
        Evaluation ev = evaluation(Mode.POST_DOSE, Product.ESKETAMINE, 120);
        Reading headache = reading("h", "LOCAL#sudden-severe-headache", at(30), null);
        Reading absent = new Reading("n", "LOCAL#sudden-severe-headache", Set.of("LOCAL#sudden-severe-headache"), at(30),
                null, null, null, Set.of(), false, null, List.of(), null, true);
        assertTrue(HypertensiveCrisis.symptomInSession(headache, ev));
        assertFalse(HypertensiveCrisis.symptomInSession(absent, ev));
        assertFalse(HypertensiveCrisis.symptomInSession(reading("h", "LOCAL#sudden-severe-headache", at(-1), null), ev));
        Diagnosis crisisNoOnset = new Diagnosis("c", Set.of("VS-HTN-CRISIS"), null, true, false, null);
        Diagnosis oldSymptom = new Diagnosis("d", Set.of("VS-HTN-CRISIS-SYMPTOMS"), null, true, false, at(-600));
        Diagnosis inactive = new Diagnosis("e", Set.of("VS-HTN-CRISIS"), null, false, false, at(30));
        assertTrue(HypertensiveCrisis.diagnosedInSession(crisisNoOnset, ev));
        assertFalse(HypertensiveCrisis.diagnosedInSession(oldSymptom, ev));
        assertFalse(HypertensiveCrisis.diagnosedInSession(inactive, ev));
    }

    @Test
    void issuesAreListedInResourceOrderWithEachResourceOnce() {
        Instant t = at(0);
        List<DataIssue> issues = List.of(new DataIssue("Observation/b", "BP", "systolic 900 mmHg", t),
                new DataIssue("Observation/a", "SPO2", "SpO2 140%", t), new DataIssue("Observation/b", "BP", "diastolic 0", t));
        InvalidValues found = InvalidValues.of(issues, "PRE_DOSE_VITALS_MAX_AGE");
        assertEquals(List.of("Observation/a", "Observation/b"), found.ids());
        assertEquals(List.of("SpO2 140%", "diastolic 0", "systolic 900 mmHg"), found.problems());
        assertEquals("SpO2 140%", found.first());
        assertEquals(2, found.more());
        assertEquals("SpO2 140%; diastolic 0; systolic 900 mmHg", found.all());
        assertEquals(List.of("PRE_DOSE_VITALS_MAX_AGE"), List.of(found.thresholdNames()));
        assertEquals(List.of("Observation/a", "Observation/b"), EvidenceIds.ofIssues(issues));
    }

    @Test
    void evidenceIdsAreSorted() {
        List<Reading> scores = List.of(reading("c", "X", T0, 1.0), reading("a", "X", T0, 3.0), reading("b", "X", T0, 2.0));
        assertEquals(List.of("a", "b", "c"), EvidenceIds.of(scores));
        assertEquals(List.of("c"), EvidenceIds.valueBelow(scores, 2));
        assertEquals(List.of(), EvidenceIds.administrationsOfFirst(List.of()));
        assertEquals(List.of("d", "x"), EvidenceIds.of(List.of(new Diagnosis("x", Set.of(), null, true, false, null),
                reading("d", "X", T0, 1.0))));
    }

    @Test
    void clinicalTextDropsANeedlessDecimalAndCountsMinutesFromT0() {
        assertEquals("93", ClinicalText.number(93.0));
        assertEquals("92.5", ClinicalText.number(92.5));
        assertEquals("?", ClinicalText.number(null));
        assertEquals("95 min", ClinicalText.minutes(T0, at(95)));
        assertEquals("T0+40 min", ClinicalText.sinceT0(T0, at(40)));
        assertEquals("30-50 min", ClinicalText.minuteRange(java.time.Duration.ofMinutes(30), java.time.Duration.ofMinutes(50)));
        assertEquals("2026-03-02", ClinicalText.date(T0));
    }
}
