package org.ketaminecds.core.derived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ketaminecds.core.derived.Facts.daysAgo;

import java.util.List;
import java.util.Set;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.vocabulary.CareSetting;
import org.junit.jupiter.api.Test;

/** KET-TOL-006: take-home supply, early refills and prescribers. */
class DiversionSignalsTest {

    private static final List<String> PATIENT = List.of("Patient/p");
    private static final CareSetting HOME = new CareSetting("Location/home", Set.of("LOCAL#home-destination"));
    private static final CareSetting CLINIC = new CareSetting("Location/clinic", Set.of());
    private static final HomeDestinations HOMES = HomeDestinations.of(List.of(HOME));
    private static final HomeDestinations NONE = HomeDestinations.of(List.of());

    @Test
    void takeHome_byReceiverDestinationOrRoute() {
        List<CareSetting> places = List.of(HOME, CLINIC);
        assertThat(TakeHome.isTakeHome(Facts.dispense("d", daysAgo(1), 30.0, PATIENT, null, Route.IV), places, HOMES))
                .as("handed to the patient").isTrue();
        assertThat(TakeHome.isTakeHome(Facts.dispense("d", daysAgo(1), 30.0, List.of(), "Location/home", Route.IV),
                places, HOMES)).as("sent home").isTrue();
        assertThat(TakeHome.isTakeHome(Facts.dispense("d", daysAgo(1), 30.0, List.of(), "Location/clinic", Route.ORAL),
                places, HOMES)).as("sent to the clinic").isFalse();
        assertThat(TakeHome.isTakeHome(Facts.dispense("d", daysAgo(1), 30.0, List.of("Practitioner/x"), null,
                Route.ORAL), places, HOMES)).as("handed to someone else").isFalse();
        assertThat(TakeHome.isTakeHome(Facts.dispense("d", daysAgo(1), 30.0, List.of(), null, Route.ORAL), places, HOMES))
                .as("neither, oral").isTrue();
        assertThat(TakeHome.isTakeHome(Facts.dispense("d", daysAgo(1), 30.0, List.of(), null, Route.IM), places, HOMES))
                .as("neither, a clinic route").isFalse();
        assertThat(TakeHome.isTakeHome(Facts.dispense("d", daysAgo(1), 30.0, List.of(), "Location/home", Route.IV),
                places, NONE)).as("sent to a Location that is not a home").isFalse();
    }

    @Test
    void earlyRefills_beforeTheShareOfTheSupplyElapsed() {
        var first = Facts.dispense("MedicationDispense/1", daysAgo(40), 30.0, PATIENT, null, Route.ORAL);
        var early = Facts.dispense("MedicationDispense/2", daysAgo(30), 30.0, PATIENT, null, Route.ORAL);
        var onTime = Facts.dispense("MedicationDispense/3", daysAgo(6), null, PATIENT, null, Route.ORAL);

        var refills = EarlyRefills.of(List.of(onTime, early, first), List.of(), NONE, Facts.review());

        assertThat(refills.early()).hasSize(1);
        assertThat(refills.latestEarly().elapsedDays()).isEqualTo(10);
        assertThat(refills.latestEarly().usedPercent()).isEqualTo(33);
        assertThat(refills.earlyIds()).containsExactly("MedicationDispense/1", "MedicationDispense/2");
        assertThat(refills.withoutSupply()).isEmpty();
        assertThat(ClinicalText.refills(refills.early())).isEqualTo("MedicationDispense/2 on "
                + ClinicalText.dateTime(daysAgo(30)) + ", 10 days after MedicationDispense/1 (30 days' supply, 33% elapsed)");
    }

    @Test
    void earlyRefills_exactlyTheShareIsNotEarly_andAMissingSupplyCannotBeJudged() {
        var first = Facts.dispense("MedicationDispense/1", daysAgo(40), 10.0, PATIENT, null, Route.ORAL);
        var atShare = Facts.dispense("MedicationDispense/2", daysAgo(32), null, PATIENT, null, Route.ORAL);
        var after = Facts.dispense("MedicationDispense/3", daysAgo(20), 10.0, PATIENT, null, Route.ORAL);

        var refills = EarlyRefills.of(List.of(first, atShare, after), List.of(), NONE, Facts.review());

        assertThat(refills.early()).isEmpty();
        assertThat(refills.priorsWithoutSupply()).containsExactly("MedicationDispense/2");
        assertThat(refills.withoutSupplyIds()).containsExactly("MedicationDispense/2", "MedicationDispense/3");
    }

    @Test
    void earlyRefills_olderThanTheLookback_notJudged() {
        var first = Facts.dispense("MedicationDispense/1", daysAgo(200), 30.0, PATIENT, null, Route.ORAL);
        var early = Facts.dispense("MedicationDispense/2", daysAgo(195), 30.0, PATIENT, null, Route.ORAL);

        assertThat(EarlyRefills.of(List.of(first, early), List.of(), NONE, Facts.review()).early()).isEmpty();
    }

    @Test
    void prescribers_distinctOnRecord_withTheFilledPrescriptionAsEvidence() {
        var rx = Facts.prescribed("MedicationRequest/1", MedicationKind.REQUEST, "active", daysAgo(30),
                "Practitioner/a", null);
        var fill = Facts.prescribed("MedicationDispense/1", MedicationKind.DISPENSE, "completed", daysAgo(10),
                "Practitioner/b", "MedicationRequest/9");
        var draft = Facts.prescribed("MedicationRequest/2", MedicationKind.REQUEST, "draft", daysAgo(5),
                "Practitioner/c", null);
        var old = Facts.prescribed("MedicationRequest/3", MedicationKind.REQUEST, "active", daysAgo(120),
                "Practitioner/d", null);

        var p = KetaminePrescribers.of(List.of(rx, fill, draft, old), List.of(), NONE, Facts.review());

        assertThat(p.prescribers()).containsExactly("Practitioner/a", "Practitioner/b");
        assertThat(p.evidence()).containsExactly("MedicationDispense/1", "MedicationRequest/9", "MedicationRequest/1");
        assertThat(p.unresolved()).isZero();
    }

    @Test
    void prescribers_unknown_theDispensesOfOnePrescriptionCountOnce() {
        var a = Facts.prescribed("MedicationDispense/1", MedicationKind.DISPENSE, "completed", daysAgo(20), null,
                "MedicationRequest/9");
        var b = Facts.prescribed("MedicationDispense/2", MedicationKind.DISPENSE, "completed", daysAgo(10), null,
                "MedicationRequest/9");
        var c = Facts.prescribed("MedicationDispense/3", MedicationKind.DISPENSE, null, daysAgo(10), null, null);

        var p = KetaminePrescribers.of(List.of(a, b, c), List.of(), NONE, Facts.review());

        assertThat(p.unresolved()).as("no status: never handed over").isEqualTo(1);
        assertThat(p.withoutPrescriber()).containsExactly("MedicationDispense/1", "MedicationDispense/2");
        assertThat(p.prescribers()).isEmpty();
    }
}
