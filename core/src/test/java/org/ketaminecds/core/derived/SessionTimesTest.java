package org.ketaminecds.core.derived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ketaminecds.core.MonitoringTestFacts.T0;
import static org.ketaminecds.core.MonitoringTestFacts.at;
import static org.ketaminecds.core.MonitoringTestFacts.evaluation;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.MonitoringTestFacts;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Medication;
import org.ketaminecds.core.vocabulary.Session;

class SessionTimesTest {

    private static Medication given(String id, String status, Instant start, Instant end) {
        return new Medication(id, MedicationKind.ADMINISTRATION, Set.of("VS-KETAMINE-PRODUCTS"), Set.of(), status, false,
                start, end, null, null, Route.IV, null, null, null, null, null, List.of(), null);
    }

    private static final Session SESSION = new Session("s", Product.KETAMINE, T0, at(40), null, Route.IV,
            List.of("MedicationAdministration/1", "MedicationAdministration/2"), true, "AMB", 1, true);

    @Test
    void dosingEndsAtTheLatestEndOfTheSessionsAdministrations() {
        Evaluation ev = evaluation(Mode.POST_DOSE, Product.KETAMINE, 90);
        List<Medication> admins = List.of(given("MedicationAdministration/1", "completed", T0, at(40)),
                given("MedicationAdministration/2", "completed", at(45), null),
                given("MedicationAdministration/other", "completed", T0, at(80)));
        assertEquals(at(45), SessionTimes.dosingEnd(SESSION, admins, ev), "no end: it ends at its start; other sessions do not count");
    }

    @Test
    void dosingHasNotEndedWhileAnAdministrationIsInProgress() {
        Evaluation ev = evaluation(Mode.POST_DOSE, Product.KETAMINE, 30);
        List<Medication> running = List.of(given("MedicationAdministration/1", "in-progress", T0, null));
        assertNull(SessionTimes.dosingEnd(SESSION, running, ev));
        assertEquals(at(30), SessionTimes.dosingEndOrNow(SESSION, running, ev));
        List<Medication> endsLater = List.of(given("MedicationAdministration/1", "in-progress", T0, at(40)));
        assertNull(SessionTimes.dosingEnd(SESSION, endsLater, ev), "an end after asOf is a planned end");
    }

    @Test
    void dosingTimesCountFromThePlannedT0BeforeDosingAndFromTheAdministrationsAfter() {
        DosingTimes planned = DosingTimes.planned(evaluation(Mode.PRE_DOSE, Product.ESKETAMINE, 0));
        assertEquals(new DosingTimes(T0, T0, at(120), at(60), at(50)), planned);
        Evaluation post = evaluation(Mode.POST_DOSE, Product.KETAMINE, 30);
        DosingTimes running = DosingTimes.of(SESSION, List.of(given("MedicationAdministration/1", "in-progress", T0, null)), post);
        assertNull(running.end());
        assertEquals(at(30), running.recoveryFrom());
        assertEquals(at(90), running.earliestDischarge());
        assertEquals(at(30), running.finalBpFrom(), "ketamine: the final BP counts from the end of dosing");
        DosingTimes ended = DosingTimes.of(SESSION, List.of(given("MedicationAdministration/1", "completed", T0, at(20))), post);
        assertEquals(at(20), ended.end());
        assertEquals(at(80), ended.ketamineRecoveryEnd());
    }

    @Test
    void theEarliestDischargeIsTheLaterMinimumWhenTheProductIsUnknown() {
        assertEquals(at(120), SessionTimes.earliestDischarge(evaluation(Mode.POST_DOSE, Product.ESKETAMINE, 0), at(90)));
        assertEquals(at(150), SessionTimes.earliestDischarge(evaluation(Mode.POST_DOSE, Product.KETAMINE, 0), at(90)));
        assertEquals(at(150), SessionTimes.earliestDischarge(evaluation(Mode.POST_DOSE, null, 0), at(90)));
        assertEquals(at(120), SessionTimes.earliestDischarge(evaluation(Mode.POST_DOSE, null, 0), at(30)));
    }

    @Test
    void anUnknownSessionRouteFollowsThePlannedOne() {
        Evaluation im = new Evaluation(Mode.POST_DOSE, T0, T0, T0, Product.KETAMINE, Route.IM, null, true,
                MonitoringTestFacts.THRESHOLDS);
        assertTrue(SessionTimes.ivOrUnknown(Route.IV, im));
        assertFalse(SessionTimes.ivOrUnknown(null, im));
        assertTrue(SessionTimes.ivOrUnknown(null, evaluation(Mode.POST_DOSE, Product.KETAMINE, 0)));
        assertFalse(SessionTimes.ivOrUnknown(Route.IM, evaluation(Mode.POST_DOSE, Product.KETAMINE, 0)));
    }
}
