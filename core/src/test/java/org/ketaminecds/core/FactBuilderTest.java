package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.ConditionEntry;
import org.ketaminecds.core.record.MedicationEntry;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.record.ObservationEntry;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.record.Quantity;
import org.ketaminecds.core.record.UnusableResource;
import org.ketaminecds.core.vocabulary.BloodPressure;
import org.ketaminecds.core.vocabulary.DataIssue;
import org.ketaminecds.core.vocabulary.Diagnosis;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.LatestBloodPressure;
import org.ketaminecds.core.vocabulary.Person;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.UnrecognisedMedication;

class FactBuilderTest {

    private static final Instant AS_OF = Instant.parse("2026-03-01T09:00:00Z");
    static final Thresholds THRESHOLDS;

    static {
        Map<String, Thresholds.Threshold> t = new LinkedHashMap<>();
        for (Object[] row : new Object[][] {{"SBP", 50, 300, "mm[Hg]"}, {"DBP", 20, 200, "mm[Hg]"}, {"HR", 20, 250, "/min"},
                {"SPO2", 50, 100, "%"}, {"RR", 4, 60, "/min"}, {"ADULT_WEIGHT", 25, 350, "kg"}}) {
            t.put("PLAUSIBLE_" + row[0] + "_MIN", new Thresholds.Threshold((Integer) row[1], (String) row[3], "test"));
            t.put("PLAUSIBLE_" + row[0] + "_MAX", new Thresholds.Threshold((Integer) row[2], (String) row[3], "test"));
        }
        t.put("MAOI_WASHOUT", new Thresholds.Threshold(14, "d", "test"));
        t.put("DISPENSE_DEFAULT_SUPPLY", new Thresholds.Threshold(30, "d", "test"));
        THRESHOLDS = new Thresholds(t);
    }

    /** The concepts the test package's rules would look readings up by. */
    private static final Set<String> READING_CONCEPTS = Set.of("VS-HR", "VS-SPO2", "VS-RR", "VS-WEIGHT", "LOCAL#pulse",
            "LOCAL#rems-pmf-submitted", "VS-ALT", "VS-CREATININE");

    private final FactBuilder builder = new FactBuilder(TestTerminology.standard(), READING_CONCEPTS);

    private List<Object> facts(PatientRecord record, Mode mode) {
        return builder.build(record, EvaluationContext.of(mode, AS_OF), THRESHOLDS).all();
    }

    private static <T> List<T> of(List<Object> facts, Class<T> type) {
        return facts.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static PatientRecord.Builder patient() {
        return PatientRecord.builder("Patient/p1").birthDate(LocalDate.of(1980, 3, 1));
    }

    private static ObservationEntry bpPanel(String id, Instant at, double sbp, double dbp, String unit) {
        return new ObservationEntry(id, List.of(Coding.of(Coding.LOINC, "85354-9")), "final", at, null, null, List.of(), null,
                List.of(new ObservationEntry.Component(List.of(Coding.of(Coding.LOINC, "8480-6")), Quantity.of(sbp, unit), List.of()),
                        new ObservationEntry.Component(List.of(Coding.of(Coding.LOINC, "8462-4")), Quantity.of(dbp, unit), List.of())),
                null, List.of(), List.of(), null);
    }

    private static ObservationEntry single(String id, String loinc, Instant at, double value, String unit) {
        return ObservationEntry.quantity(id, Coding.of(Coding.LOINC, loinc), at, Quantity.of(value, unit));
    }

    /** A final quantity observation with an issued time (and a reference range high, or null). */
    private static ObservationEntry issued(String id, String loinc, Instant at, Instant issued, double value, String unit,
                                           Double referenceHigh) {
        return new ObservationEntry(id, List.of(Coding.of(Coding.LOINC, loinc)), "final", at, issued, Quantity.of(value, unit),
                List.of(), null, List.of(), referenceHigh, List.of(), List.of(), null);
    }

    private static ObservationEntry bpPanelIssued(String id, Instant at, Instant issued, double sbp, double dbp) {
        ObservationEntry p = bpPanel(id, at, sbp, dbp, "mm[Hg]");
        return new ObservationEntry(id, p.codes(), "final", at, issued, null, List.of(), null, p.components(), null,
                List.of(), List.of(), null);
    }

    @Test
    void build_ageOnBirthdayAtAsOf_completedYears() {
        Person p = of(facts(patient().build(), Mode.CANDIDACY), Person.class).get(0);

        assertThat(p.ageYears()).isEqualTo(46);
    }

    @Test
    void build_refutedEnteredInErrorAndFutureConditions_left_out() {
        PatientRecord r = patient()
                .condition(new ConditionEntry("Condition/refuted", List.of(Coding.of(Coding.ICD10CM, "I71.4")), null, "active",
                        "refuted", null, null, null, false))
                .condition(new ConditionEntry("Condition/error", List.of(Coding.of(Coding.ICD10CM, "I71.4")), null, "active",
                        "entered-in-error", null, null, null, false))
                .condition(new ConditionEntry("Condition/future", List.of(Coding.of(Coding.ICD10CM, "I71.4")), null, "active",
                        null, null, null, AS_OF.plusSeconds(60), false))
                .condition(ConditionEntry.active("Condition/kept", null, Coding.of(Coding.ICD10CM, "I71.4")))
                .build();

        assertThat(of(facts(r, Mode.CANDIDACY), Diagnosis.class)).extracting(Diagnosis::id).containsExactly("Condition/kept");
    }

    @Test
    void build_noClinicalStatusAndAbatedBeforeAsOf_notActive() {
        PatientRecord r = patient()
                .condition(new ConditionEntry("Condition/abated", List.of(Coding.of(Coding.ICD10CM, "I71.4")), null, null, null,
                        null, AS_OF.minusSeconds(3600), null, true))
                .condition(new ConditionEntry("Condition/abatesLater", List.of(Coding.of(Coding.ICD10CM, "I71.4")), null, null,
                        "provisional", null, AS_OF.plusSeconds(3600), null, true))
                .build();

        List<Diagnosis> d = of(facts(r, Mode.CANDIDACY), Diagnosis.class);
        assertThat(d).filteredOn(x -> x.id().equals("Condition/abated")).singleElement().satisfies(x -> assertThat(x.active()).isFalse());
        assertThat(d).filteredOn(x -> x.id().equals("Condition/abatesLater")).singleElement()
                .satisfies(x -> assertThat(x.active() && x.provisional()).isTrue());
    }

    @Test
    void build_bpPanel_oneCompleteReading() {
        List<Object> f = facts(patient().observation(bpPanel("Observation/bp", AS_OF, 132, 84, "mm[Hg]")).build(), Mode.PRE_DOSE);

        assertThat(of(f, BloodPressure.class)).singleElement().satisfies(bp -> {
            assertThat(bp.complete()).isTrue();
            assertThat(bp.display()).isEqualTo("132/84 mmHg");
            assertThat(bp.evidence()).containsExactly("Observation/bp");
        });
        assertThat(of(f, DataIssue.class)).isEmpty();
    }

    /** Found by fuzzing: undated panels were grouped as "the same time" (null), and the tie note read that time. */
    @Test
    void build_twoUndatedBpPanels_bothReadingsAndNoTieNote() {
        PatientRecord r = patient()
                .observation(bpPanel("Observation/bp1", null, 132, 84, "mm[Hg]"))
                .observation(bpPanel("Observation/bp2", null, 128, 80, "mm[Hg]"))
                .build();

        FactBuilder.Facts f = builder.build(r, EvaluationContext.of(Mode.PRE_DOSE, AS_OF), THRESHOLDS);
        assertThat(of(f.all(), BloodPressure.class)).extracting(BloodPressure::display)
                .containsExactlyInAnyOrder("132/84 mmHg", "128/80 mmHg");
        assertThat(f.notes()).isEmpty();
    }

    @Test
    void build_separateComponentsSameMinute_pairedIntoOneReading() {
        PatientRecord r = patient()
                .observation(single("Observation/s", "8480-6", AS_OF.minusSeconds(50), 128, "mm[Hg]"))
                .observation(single("Observation/d", "8462-4", AS_OF.minusSeconds(30), 81, "mm[Hg]"))
                .observation(single("Observation/s2", "8480-6", AS_OF.minusSeconds(3600), 150, "mm[Hg]"))
                .build();

        List<BloodPressure> bps = of(facts(r, Mode.PRE_DOSE), BloodPressure.class);
        assertThat(bps).filteredOn(BloodPressure::complete).singleElement()
                .satisfies(bp -> assertThat(bp.evidence()).containsExactly("Observation/s", "Observation/d"));
        assertThat(bps).filteredOn(bp -> !bp.complete()).singleElement()
                .satisfies(bp -> assertThat(bp.diastolic()).isNull());
    }

    @Test
    void build_implausibleWrongUnitOrInvertedBp_reportedAndExcluded() {
        PatientRecord r = patient()
                .observation(bpPanel("Observation/high", AS_OF, 400, 80, "mm[Hg]"))
                .observation(bpPanel("Observation/cm", AS_OF, 16, 10, "cm"))
                .observation(bpPanel("Observation/inverted", AS_OF, 90, 120, "mm[Hg]"))
                .build();

        List<Object> f = facts(r, Mode.PRE_DOSE);
        assertThat(of(f, DataIssue.class)).extracting(DataIssue::resourceId)
                .contains("Observation/high", "Observation/cm", "Observation/inverted");
        assertThat(of(f, DataIssue.class)).filteredOn(i -> i.resourceId().equals("Observation/cm")).first()
                .satisfies(i -> assertThat(i.problem()).isEqualTo("systolic BP unit 'cm' is not convertible to mm[Hg]"));
        assertThat(of(f, DataIssue.class)).allSatisfy(i -> assertThat(i.measure()).isEqualTo("BP"));
        assertThat(of(f, BloodPressure.class)).noneMatch(BloodPressure::complete);
        assertThat(of(f, DataIssue.class)).filteredOn(i -> i.resourceId().equals("Observation/high")).first()
                .satisfies(i -> assertThat(i.problem()).isEqualTo("systolic BP 400 mm[Hg] is outside the plausible range 50-300"));
    }

    @Test
    void build_implausibleHeartRate_reportedAsHrAndNotAReading() {
        List<Object> f = facts(patient().observation(single("Observation/hr", "8867-4", AS_OF, 400, "/min")).build(), Mode.PRE_DOSE);

        assertThat(of(f, DataIssue.class)).singleElement().satisfies(i -> assertThat(i.measure()).isEqualTo("HR"));
        assertThat(of(f, Reading.class)).isEmpty();
    }

    @Test
    void build_observationStatusAndTime_onlyCountingOnesKept_latestFlagged() {
        PatientRecord r = patient()
                .observation(single("Observation/old", "8867-4", AS_OF.minusSeconds(7200), 70, "/min"))
                .observation(single("Observation/new", "8867-4", AS_OF.minusSeconds(60), 72, "/min"))
                .observation(single("Observation/future", "8867-4", AS_OF.plusSeconds(60), 74, "/min"))
                .observation(new ObservationEntry("Observation/cancelled", List.of(Coding.of(Coding.LOINC, "8867-4")), "cancelled",
                        AS_OF, null, Quantity.of(75, "/min"), List.of(), null, List.of(), null, List.of(), List.of(), null))
                .build();

        List<Reading> readings = of(facts(r, Mode.PRE_DOSE), Reading.class);
        assertThat(readings).extracting(Reading::id).containsExactlyInAnyOrder("Observation/old", "Observation/new");
        assertThat(readings).filteredOn(Reading::latest).extracting(Reading::id).containsExactly("Observation/new");
    }

    @Test
    void build_observationInTwoValueSets_oneReadingPerConcept_isAnyOfMatchesOnce() {
        ObservationEntry pulse = new ObservationEntry("Observation/pulse",
                List.of(Coding.of(Coding.LOINC, "8867-4"), Coding.of(Coding.LOCAL, "pulse")), "final", AS_OF.minusSeconds(60),
                null, Quantity.of(72, "/min"), List.of(), null, List.of(), null, List.of(), List.of(), null);

        List<Reading> readings = of(facts(patient().observation(pulse).build(), Mode.PRE_DOSE), Reading.class);

        assertThat(readings).extracting(Reading::concept).containsExactlyInAnyOrder("VS-HR", "LOCAL#pulse");
        assertThat(readings).allSatisfy(r -> {
            assertThat(r.id()).isEqualTo("Observation/pulse");
            assertThat(r.concepts()).containsExactlyInAnyOrder("VS-HR", "LOCAL#pulse");
            assertThat(r.latest()).isTrue();
        });
        assertThat(readings).filteredOn(r -> r.isAnyOf("LOCAL#pulse", "VS-HR")).extracting(Reading::concept)
                .containsExactly("LOCAL#pulse");
        assertThat(readings).filteredOn(r -> r.isAnyOf("VS-SPO2", "VS-HR")).extracting(Reading::concept)
                .containsExactly("VS-HR");
        assertThat(readings).filteredOn(r -> r.isAnyOf("VS-SPO2", "VS-RR")).isEmpty();
    }

    @Test
    void build_conceptNoRuleLooksReadingsUpBy_noFactForIt() {
        ObservationEntry pulse = new ObservationEntry("Observation/pulse",
                List.of(Coding.of(Coding.LOINC, "8867-4"), Coding.of(Coding.LOCAL, "pulse")), "final", AS_OF.minusSeconds(60),
                null, Quantity.of(72, "/min"), List.of(), null, List.of(), null, List.of(), List.of(), null);
        ObservationEntry unasked = new ObservationEntry("Observation/unasked", List.of(Coding.of(Coding.LOCAL, "unasked")),
                "final", AS_OF.minusSeconds(60), null, null, List.of(), true, List.of(), null, List.of(), List.of(), null);
        FactBuilder hrOnly = new FactBuilder(TestTerminology.standard(), Set.of("VS-HR"));

        List<Reading> readings = of(hrOnly.build(patient().observation(pulse).observation(unasked).build(),
                EvaluationContext.of(Mode.PRE_DOSE, AS_OF), THRESHOLDS).all(), Reading.class);

        assertThat(readings).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("Observation/pulse");
            assertThat(r.concept()).isEqualTo("VS-HR");
            assertThat(r.concepts()).containsExactlyInAnyOrder("VS-HR", "LOCAL#pulse");
        });
    }

    @Test
    void build_observationRecordedInAnEncounter_readingKeepsTheEncounter() {
        ObservationEntry form = new ObservationEntry("Observation/pmf", List.of(Coding.of(Coding.LOCAL, "rems-pmf-submitted")),
                "final", AS_OF.minusSeconds(60), null, null, List.of(), true, List.of(), null, List.of(), List.of(),
                "Encounter/e1");

        assertThat(of(facts(patient().observation(form).build(), Mode.REVIEW), Reading.class)).singleElement()
                .satisfies(r -> {
                    assertThat(r.latest()).isTrue();
                    assertThat(r.encounter()).isEqualTo("Encounter/e1");
                    assertThat(r.isInEncounter("Encounter/e1")).isTrue();
                    assertThat(r.isInEncounter("Encounter/e2")).isFalse();
                });
    }

    @Test
    void build_unusableResource_becomesUnreadableDataIssue() {
        List<Object> f = facts(patient().unusable(new UnusableResource("Observation/x", "value is not a number")).build(),
                Mode.CANDIDACY);

        assertThat(of(f, DataIssue.class)).singleElement().satisfies(i -> assertThat(i.unreadable()).isTrue());
    }

    private static MedicationEntry order(String id, String rxnorm, String status, Instant authored, Instant planned) {
        return new MedicationEntry(id, MedicationKind.REQUEST, List.of(Coding.of(Coding.RXNORM, rxnorm)), null, status, "order",
                null, null, authored, Quantity.of(56, "mg"), null, List.of(Coding.of(Coding.SNOMED, "46713006")), planned, null);
    }

    @Test
    void build_draftAndActiveOrders_draftIsThePlannedTreatmentAndT0ItsEvent() {
        Instant t0 = AS_OF.plusSeconds(1800);
        PatientRecord r = patient()
                .medication(order("MedicationRequest/active", "6130", "active", AS_OF.minusSeconds(86400), null))
                .medication(order("MedicationRequest/draft", "2201625", "draft", AS_OF.minusSeconds(864000), t0))
                .build();

        Evaluation e = builder.build(r, EvaluationContext.of(Mode.PRE_DOSE, AS_OF), THRESHOLDS).evaluation();

        assertThat(e.product()).isEqualTo(Product.ESKETAMINE);
        assertThat(e.route()).isEqualTo(Route.INTRANASAL);
        assertThat(e.doseMg()).isEqualTo(56.0);
        assertThat(e.t0()).isEqualTo(t0);
    }

    @Test
    void build_explicitProductInContext_winsOverTheRecord() {
        PatientRecord r = patient().medication(order("MedicationRequest/a", "2201625", "active", AS_OF, null)).build();
        EvaluationContext ctx = new EvaluationContext(Mode.PRE_DOSE, AS_OF, PlannedTreatment.of(Product.KETAMINE, Route.IV));

        Evaluation e = builder.build(r, ctx, THRESHOLDS).evaluation();

        assertThat(e.product()).isEqualTo(Product.KETAMINE);
        assertThat(e.route()).isEqualTo(Route.IV);
        assertThat(e.t0()).as("no planned time: T0 is asOf").isEqualTo(AS_OF);
    }

    @Test
    void build_statementWithDoseAndFrequency_dailyDoseInMg() {
        PatientRecord r = patient().medication(new MedicationEntry("MedicationStatement/lorazepam", MedicationKind.STATEMENT,
                List.of(Coding.of(Coding.RXNORM, "6470")), null, "active", null, AS_OF.minusSeconds(864000), null, null,
                Quantity.of(1, "mg"), 3.0, List.of(), null, null)).build();

        assertThat(of(facts(r, Mode.CANDIDACY), org.ketaminecds.core.vocabulary.Medication.class)).singleElement()
                .satisfies(m -> {
                    assertThat(m.dailyDoseMg()).isEqualTo(3.0);
                    assertThat(m.ingredients()).containsExactly("6470");
                    assertThat(m.current()).isTrue();
                });
    }

    @Test
    void build_dispense_keepsSupplyPrescriberAndWhereItWent() {
        PatientRecord r = patient().medication(new MedicationEntry("MedicationDispense/d", MedicationKind.DISPENSE,
                List.of(Coding.of(Coding.RXNORM, "6130")), null, "completed", null, AS_OF.minusSeconds(86400), null, null,
                null, null, List.of(), null, null, Quantity.of(2, "wk"), "Practitioner/a", "MedicationRequest/r",
                List.of("Patient/p1"), "Location/home")).build();

        assertThat(of(facts(r, Mode.REVIEW), org.ketaminecds.core.vocabulary.Medication.class)).singleElement()
                .satisfies(m -> {
                    assertThat(m.daysSupply()).isEqualTo(14.0);
                    assertThat(m.prescriber()).isEqualTo("Practitioner/a");
                    assertThat(m.prescription()).isEqualTo("MedicationRequest/r");
                    assertThat(m.receivedByPatient()).isTrue();
                    assertThat(m.destination()).isEqualTo("Location/home");
                });
    }

    @Test
    void days_unitsOfTimeOrNone_inDaysElseNull() {
        assertThat(FactBuilder.days(Quantity.of(30, null))).as("daysSupply counts days").isEqualTo(30.0);
        assertThat(FactBuilder.days(Quantity.of(30, "d"))).isEqualTo(30.0);
        assertThat(FactBuilder.days(Quantity.of(48, "h"))).isEqualTo(2.0);
        assertThat(FactBuilder.days(Quantity.of(1, "mo"))).as("a month varies in length").isNull();
        assertThat(FactBuilder.days(Quantity.of(10, "mL"))).isNull();
        assertThat(FactBuilder.days(Quantity.of(0, "d"))).isNull();
        assertThat(FactBuilder.days(null)).isNull();
    }

    @Test
    void build_consentsFlagsAndPlans_onlyThoseThatCount() {
        Coding offLabel = Coding.of(Coding.LOCAL, "offlabel-consent");
        Coding enrolled = Coding.of(Coding.LOCAL, "rems-patient-enrolled");
        PatientRecord r = patient()
                .consent(new org.ketaminecds.core.record.ConsentEntry("Consent/active", "active", List.of(offLabel), null))
                .consent(new org.ketaminecds.core.record.ConsentEntry("Consent/rejected", "rejected", List.of(offLabel), null))
                .flag(new org.ketaminecds.core.record.FlagEntry("Flag/on", "active", List.of(enrolled), null, null))
                .flag(new org.ketaminecds.core.record.FlagEntry("Flag/expired", "active", List.of(enrolled), null,
                        AS_OF.minusSeconds(60)))
                .carePlan(new org.ketaminecds.core.record.CarePlanEntry("CarePlan/p", "active",
                        List.of(Coding.of(Coding.LOCAL, "treatment-plan")), null, 6))
                .build();

        List<Object> f = facts(r, Mode.CANDIDACY);
        assertThat(of(f, org.ketaminecds.core.vocabulary.Consent.class)).extracting(c -> c.id()).containsExactly("Consent/active");
        assertThat(of(f, org.ketaminecds.core.vocabulary.Flag.class)).extracting(x -> x.id()).containsExactly("Flag/on");
        assertThat(of(f, org.ketaminecds.core.vocabulary.TreatmentPlan.class)).singleElement()
                .satisfies(p -> assertThat(p.definedEndpoint() && p.isA("LOCAL#treatment-plan")).isTrue());
    }

    private static MedicationEntry given(String id, String rxnorm, Instant start, double mg, String encounter) {
        return new MedicationEntry(id, MedicationKind.ADMINISTRATION, List.of(Coding.of(Coding.RXNORM, rxnorm)), null,
                "completed", null, start, null, null, Quantity.of(mg, "mg"), null, List.of(), null, encounter);
    }

    @Test
    void build_administrations_groupedIntoSessionsAndACourse_postDoseT0IsTheFirstDevice() {
        Instant day1 = AS_OF.minusSeconds(7 * 86400);
        PatientRecord r = patient()
                .medication(given("MedicationAdministration/d1a", "2201625", day1, 28, null))
                .medication(given("MedicationAdministration/d1b", "2201625", day1.plusSeconds(300), 28, null))
                .medication(given("MedicationAdministration/t1", "2201625", AS_OF.minusSeconds(3000), 28, "Encounter/today"))
                .medication(given("MedicationAdministration/t2", "2201625", AS_OF.minusSeconds(2700), 28, "Encounter/today"))
                .medication(given("MedicationAdministration/t3", "2201625", AS_OF.minusSeconds(2400), 28, "Encounter/today"))
                .encounter(new org.ketaminecds.core.record.EncounterEntry("Encounter/today", "in-progress", "AMB", List.of(),
                        AS_OF.minusSeconds(3600), null, null, List.of()))
                .build();

        FactBuilder.Facts built = builder.build(r, EvaluationContext.of(Mode.POST_DOSE, AS_OF), THRESHOLDS);

        List<org.ketaminecds.core.vocabulary.Session> sessions = of(built.all(), org.ketaminecds.core.vocabulary.Session.class);
        assertThat(sessions).extracting(org.ketaminecds.core.vocabulary.Session::id)
                .containsExactly("Session/d1a", "Encounter/today");
        assertThat(sessions.get(0).doseMg()).isEqualTo(56.0);
        assertThat(sessions.get(1).doseMg()).isEqualTo(84.0);
        assertThat(sessions.get(1).outpatient() && sessions.get(1).latest()).isTrue();
        assertThat(built.evaluation().t0()).isEqualTo(AS_OF.minusSeconds(3000));
        assertThat(built.evaluation().discharge()).as("the encounter has not ended: discharge is asOf").isEqualTo(AS_OF);
        assertThat(built.evaluation().product()).isEqualTo(Product.ESKETAMINE);
        assertThat(of(built.all(), org.ketaminecds.core.vocabulary.Course.class)).singleElement()
                .satisfies(c -> assertThat(c.sessionCount()).isEqualTo(2));
    }

    @Test
    void build_draftOrder_isNotACurrentPrescription() {
        PatientRecord r = patient().medication(order("MedicationRequest/d", "2201625", "draft", AS_OF, null)).build();

        assertThat(of(facts(r, Mode.CANDIDACY), org.ketaminecds.core.vocabulary.Medication.class))
                .singleElement().satisfies(m -> assertThat(m.current()).isFalse());
    }

    // --- medications the package cannot recognise (§2.5: "an unmapped medication code is a data gap") ---------------

    private static final long DAY = 86_400;
    private static final Coding LOCAL_ALPRAZOLAM = new Coding(TestTerminology.SITE_FORMULARY, "ALP05", "ALPRAZOLAM 0.5MG TAB");

    private static MedicationEntry statement(String id, String status, String text, Coding... codes) {
        return new MedicationEntry(id, MedicationKind.STATEMENT, List.of(codes), text, status, null,
                AS_OF.minusSeconds(30 * DAY), null, null, null, null, List.of(), null, null);
    }

    private List<UnrecognisedMedication> unrecognised(MedicationEntry... entries) {
        PatientRecord.Builder r = patient();
        for (MedicationEntry m : entries) {
            r.medication(m);
        }
        FactBuilder.Facts f = builder.build(r.build(), EvaluationContext.of(Mode.CANDIDACY, AS_OF), THRESHOLDS);
        assertThat(of(f.all(), UnrecognisedMedication.class)).as("they are facts for the rules too").isEqualTo(f.unrecognised());
        return f.unrecognised();
    }

    @Test
    void build_localFormularyCodeNamingAlprazolam_unrecognisedLooksLikeAlprazolam_neverCountsAsIt() {
        PatientRecord r = patient().medication(statement("MedicationStatement/ms1", "active", "ALPRAZOLAM 0.5MG TAB",
                LOCAL_ALPRAZOLAM)).build();
        FactBuilder.Facts f = builder.build(r, EvaluationContext.of(Mode.CANDIDACY, AS_OF), THRESHOLDS);

        assertThat(f.unrecognised()).singleElement().satisfies(u -> {
            assertThat(u.id()).isEqualTo("MedicationStatement/ms1");
            assertThat(u.name()).isEqualTo("ALPRAZOLAM 0.5MG TAB");
            assertThat(u.codes()).containsExactly(TestTerminology.SITE_FORMULARY + "|ALP05");
            assertThat(u.lookalikes()).containsExactly("alprazolam");
            assertThat(u.looksLike("VS-BENZODIAZEPINES")).isTrue();
            assertThat(u.reason()).isEqualTo("'ALPRAZOLAM 0.5MG TAB' [" + TestTerminology.SITE_FORMULARY + "|ALP05]: "
                    + "no RxNorm or NDC code; looks like alprazolam (VS-BENZODIAZEPINES); map "
                    + TestTerminology.SITE_FORMULARY + "|ALP05 to " + Coding.RXNORM + "|596 (alprazolam)");
        });
        assertThat(of(f.all(), org.ketaminecds.core.vocabulary.Medication.class)).singleElement()
                .satisfies(m -> assertThat(m.concepts()).as("a name is no code").isEmpty());
    }

    @Test
    void build_unmappedRxNormCodeNamingAnIngredient_unrecognised() {
        assertThat(unrecognised(statement("MedicationStatement/ms1", "active", null,
                new Coding(Coding.RXNORM, "197321", "Alprazolam 1 MG Oral Tablet")))).singleElement().satisfies(u -> {
                    assertThat(u.lookalikes()).containsExactly("alprazolam");
                    assertThat(u.reason()).startsWith("'Alprazolam 1 MG Oral Tablet' [" + Coding.RXNORM + "|197321]: "
                            + "the package does not map this code; looks like alprazolam");
                });
    }

    @Test
    void build_unmappedRxNormCodeNamingNoIngredient_noGap() {
        assertThat(unrecognised(statement("MedicationStatement/ms1", "active", "Acetaminophen 325 MG Oral Tablet",
                Coding.of(Coding.RXNORM, "313782")))).isEmpty();
    }

    @Test
    void build_noRxNormOrNdcCode_alwaysAGapEvenWithoutAName() {
        List<UnrecognisedMedication> u = unrecognised(
                statement("MedicationStatement/rinse", "active", "CHLORHEXIDINE 0.12% RINSE",
                        Coding.of(TestTerminology.SITE_FORMULARY, "CHX")),
                statement("MedicationStatement/textOnly", "active", "lorazepam as needed"),
                statement("MedicationStatement/snomed", "active", null, Coding.of(Coding.SNOMED, "386983007")));

        assertThat(u).extracting(UnrecognisedMedication::id).containsExactly("MedicationStatement/rinse",
                "MedicationStatement/textOnly", "MedicationStatement/snomed");
        assertThat(u.get(0).lookalikes()).isEmpty();
        assertThat(u.get(0).reason()).isEqualTo("'CHLORHEXIDINE 0.12% RINSE' [" + TestTerminology.SITE_FORMULARY
                + "|CHX]: no RxNorm or NDC code; names none of the package's drugs: code it in RxNorm, or map "
                + TestTerminology.SITE_FORMULARY + "|CHX in a concept map (as unmatched if it is none of them)");
        assertThat(u.get(1).reason()).isEqualTo("'lorazepam as needed' [no code]: no RxNorm or NDC code; looks like "
                + "lorazepam (VS-BENZODIAZEPINES); code it as " + Coding.RXNORM + "|6470 (lorazepam)");
        assertThat(u.get(2).reason()).startsWith("(no name) [" + Coding.SNOMED + "|386983007]: no RxNorm or NDC code");
    }

    /** A Coding may leave out its system (FHIR allows it): found by fuzzing, it threw from Set.of(..).contains(null). */
    @Test
    void build_codeWithoutASystem_aGapLikeAnyNonStandardCode() {
        assertThat(unrecognised(statement("MedicationStatement/ms1", "active", "Spravato Nasal Spray",
                new Coding(null, "2201625", null)))).singleElement().satisfies(u -> {
                    assertThat(u.codes()).containsExactly("|2201625");
                    assertThat(u.reason()).startsWith("'Spravato Nasal Spray' [|2201625]: no RxNorm or NDC code");
                });
    }

    @Test
    void build_localCodeAValueSetLists_recognised() {
        assertThat(unrecognised(statement("MedicationStatement/ms1", "active", "LORAZEPAM 1MG TAB",
                Coding.of(TestTerminology.SITE_FORMULARY, "LZP1")))).isEmpty();
    }

    static Stream<Arguments> currentness() {
        Coding code = LOCAL_ALPRAZOLAM;
        return Stream.of(
                Arguments.of("active statement", statement("MedicationStatement/a", "active", null, code), true),
                Arguments.of("stopped statement", statement("MedicationStatement/a", "stopped", null, code), false),
                Arguments.of("active statement ended yesterday", new MedicationEntry("MedicationStatement/a",
                        MedicationKind.STATEMENT, List.of(code), null, "active", null, AS_OF.minusSeconds(30 * DAY),
                        AS_OF.minusSeconds(DAY), null, null, null, List.of(), null, null), false),
                Arguments.of("active prescription", request("active", AS_OF.minusSeconds(DAY)), true),
                Arguments.of("prescription written after asOf", request("active", AS_OF.plusSeconds(DAY)), false),
                Arguments.of("draft order", request("draft", AS_OF.minusSeconds(DAY)), false),
                Arguments.of("completed prescription", request("completed", AS_OF.minusSeconds(DAY)), false),
                Arguments.of("given 13 days ago", administration("completed", AS_OF.minusSeconds(13 * DAY)), true),
                Arguments.of("given 15 days ago", administration("completed", AS_OF.minusSeconds(15 * DAY)), false),
                Arguments.of("infusion running", administration("in-progress", AS_OF.minusSeconds(20 * DAY)), true),
                Arguments.of("not given", administration("not-done", AS_OF.minusSeconds(DAY)), false),
                Arguments.of("dispensed 10 days ago for 14 days", dispense("completed", 10, Quantity.of(14, "d")), true),
                Arguments.of("dispensed 10 days ago for 7 days", dispense("completed", 10, Quantity.of(7, "d")), false),
                Arguments.of("dispensed 29 days ago, no supply", dispense("completed", 29, null), true),
                Arguments.of("dispensed 31 days ago, no supply", dispense("completed", 31, null), false),
                Arguments.of("dispense cancelled", dispense("cancelled", 1, null), false),
                Arguments.of("dispense without a status", dispense(null, 1, null), false));
    }

    private static MedicationEntry request(String status, Instant authored) {
        return new MedicationEntry("MedicationRequest/a", MedicationKind.REQUEST, List.of(LOCAL_ALPRAZOLAM), null, status,
                "order", null, null, authored, null, null, List.of(), null, null);
    }

    private static MedicationEntry administration(String status, Instant given) {
        return new MedicationEntry("MedicationAdministration/a", MedicationKind.ADMINISTRATION, List.of(LOCAL_ALPRAZOLAM),
                null, status, null, given, null, null, null, null, List.of(), null, null);
    }

    private static MedicationEntry dispense(String status, int daysAgo, Quantity supply) {
        return new MedicationEntry("MedicationDispense/a", MedicationKind.DISPENSE, List.of(LOCAL_ALPRAZOLAM), null, status,
                null, AS_OF.minusSeconds(daysAgo * DAY), null, null, null, null, List.of(), null, null, supply, null, null,
                List.of(), null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentness")
    void build_unrecognisedMedication_aGapOnlyWhileCurrent(String what, MedicationEntry entry, boolean gap) {
        assertThat(unrecognised(entry)).as(what).hasSize(gap ? 1 : 0);
    }
    // --- issue 12: unpaired BP components, ties, units -----------------------------------------------------------

    @Test
    void build_unpairedSystolicAndDiastolicMinutesApart_eachCountsForItsOwnComponent() {
        PatientRecord r = patient()
                .observation(single("Observation/s", "8480-6", AS_OF.minusSeconds(600), 150, "mm[Hg]"))
                .observation(single("Observation/d", "8462-4", AS_OF.minusSeconds(420), 94, "mm[Hg]"))
                .build();

        LatestBloodPressure bp = LatestBloodPressure.of(of(facts(r, Mode.PRE_DOSE), BloodPressure.class));

        assertThat(bp.complete()).as("a pair of unpaired components is a BP").isTrue();
        assertThat(bp.systolic()).isEqualTo(150.0);
        assertThat(bp.diastolic()).isEqualTo(94.0);
        assertThat(bp.evidence()).containsExactly("Observation/s", "Observation/d");
        assertThat(bp.above(140, 90)).isTrue();
    }

    @Test
    void build_loneDiastolic_countsForDiastolicAndNamesTheMissingSystolic() {
        PatientRecord r = patient().observation(single("Observation/d", "8462-4", AS_OF.minusSeconds(420), 94, "mm[Hg]")).build();

        LatestBloodPressure bp = LatestBloodPressure.of(of(facts(r, Mode.PRE_DOSE), BloodPressure.class));

        assertThat(bp.complete()).isFalse();
        assertThat(bp.missing()).isEqualTo("systolic");
        assertThat(bp.above(140, 90)).as("the diastolic branch").isTrue();
        assertThat(bp.above(140, 100)).isFalse();
        assertThat(bp.display()).isEqualTo("diastolic 94 mmHg (no systolic)");
    }

    @Test
    void build_newerLoneSystolic_updatesOnlyTheSystolicOfAnEarlierPanel() {
        PatientRecord r = patient()
                .observation(bpPanel("Observation/panel", AS_OF.minusSeconds(1800), 150, 96, "mm[Hg]"))
                .observation(single("Observation/s", "8480-6", AS_OF.minusSeconds(600), 128, "mm[Hg]"))
                .build();

        LatestBloodPressure bp = LatestBloodPressure.of(of(facts(r, Mode.PRE_DOSE), BloodPressure.class));

        assertThat(bp.display()).isEqualTo("128/96 mmHg");
        assertThat(bp.evidence()).containsExactly("Observation/s", "Observation/panel");
    }

    @Test
    void build_sameEffectiveTimeDifferentIssued_laterIssuedIsTheLatestNotTheWorse() {
        Instant at = AS_OF.minusSeconds(900);
        PatientRecord r = patient()
                .observation(issued("Observation/first", "8867-4", at, at.plusSeconds(60), 130, "/min", null))
                .observation(issued("Observation/corrected", "8867-4", at, at.plusSeconds(600), 72, "/min", null))
                .observation(bpPanelIssued("Observation/bp-first", at, at.plusSeconds(60), 186, 96))
                .observation(bpPanelIssued("Observation/bp-corrected", at, at.plusSeconds(600), 136, 84))
                .build();

        FactBuilder.Facts built = builder.build(r, EvaluationContext.of(Mode.PRE_DOSE, AS_OF), THRESHOLDS);

        List<Reading> hr = of(built.all(), Reading.class);
        assertThat(hr).filteredOn(Reading::latest).extracting(Reading::id).containsExactly("Observation/corrected");
        Reading first = hr.stream().filter(x -> x.id().equals("Observation/first")).findFirst().orElseThrow();
        Reading corrected = hr.stream().filter(x -> x.id().equals("Observation/corrected")).findFirst().orElseThrow();
        assertThat(corrected.isLaterThan(first)).isTrue();
        assertThat(first.isLaterThan(corrected)).isFalse();
        LatestBloodPressure bp = LatestBloodPressure.of(of(built.all(), BloodPressure.class));
        assertThat(bp.display()).isEqualTo("136/84 mmHg");
        assertThat(built.notes().get("Observation/corrected")).singleElement().asString()
                .contains("Observation/first").contains("issued later");
    }

    @Test
    void build_sameEffectiveTimeAndNoIssued_bothLatestAndTheSaferValueIsSaidToCount() {
        Instant at = AS_OF.minusSeconds(900);
        PatientRecord r = patient()
                .observation(single("Observation/a", "8867-4", at, 130, "/min"))
                .observation(single("Observation/b", "8867-4", at, 72, "/min"))
                .observation(bpPanel("Observation/bp-a", at, 186, 96, "mm[Hg]"))
                .observation(bpPanel("Observation/bp-b", at, 136, 84, "mm[Hg]"))
                .build();

        FactBuilder.Facts built = builder.build(r, EvaluationContext.of(Mode.PRE_DOSE, AS_OF), THRESHOLDS);

        List<Reading> hr = of(built.all(), Reading.class);
        assertThat(hr).filteredOn(Reading::latest).extracting(Reading::id)
                .containsExactlyInAnyOrder("Observation/a", "Observation/b");
        assertThat(LatestBloodPressure.of(of(built.all(), BloodPressure.class)).display())
                .as("a full tie takes the higher (safer) BP").isEqualTo("186/96 mmHg");
        assertThat(built.notes().get("Observation/a")).singleElement().asString()
                .contains("Observation/b").contains("safer value");
    }

    @Test
    void build_weightInPounds_convertedToKilograms_originalKeptInANote() {
        PatientRecord r = patient().observation(single("Observation/w", "29463-7", AS_OF.minusSeconds(86400), 176, "[lb_av]"))
                .build();

        FactBuilder.Facts built = builder.build(r, EvaluationContext.of(Mode.PRE_DOSE, AS_OF), THRESHOLDS);

        assertThat(of(built.all(), DataIssue.class)).isEmpty();
        assertThat(of(built.all(), Reading.class)).singleElement().satisfies(w -> {
            assertThat(w.value()).isCloseTo(79.83, org.assertj.core.data.Offset.offset(0.01));
            assertThat(w.unit()).isEqualTo("kg");
        });
        assertThat(built.notes().get("Observation/w")).containsExactly("Observation/w: 176 [lb_av] read as 79.83 kg.");
    }

    @Test
    void build_weightInAUnitOfAnotherDimension_dataIssueNamesTheUnit() {
        PatientRecord r = patient().observation(single("Observation/w", "29463-7", AS_OF.minusSeconds(86400), 176, "cm")).build();

        assertThat(of(facts(r, Mode.PRE_DOSE), DataIssue.class)).singleElement()
                .satisfies(i -> assertThat(i.problem()).isEqualTo("body weight unit 'cm' is not convertible to kg"));
    }

    @Test
    void build_bpInKilopascal_convertedToMillimetresOfMercury() {
        PatientRecord r = patient().observation(bpPanel("Observation/kpa", AS_OF.minusSeconds(600), 16, 10, "kPa")).build();

        List<Object> f = facts(r, Mode.PRE_DOSE);

        assertThat(of(f, DataIssue.class)).isEmpty();
        assertThat(of(f, BloodPressure.class)).singleElement().satisfies(bp -> assertThat(bp.display()).isEqualTo("120/75 mmHg"));
    }

    @Test
    void build_labsInOtherConvertibleUnits_convertedWithTheirReferenceRange() {
        PatientRecord r = patient()
                .observation(issued("Observation/alt", "1742-6", AS_OF.minusSeconds(86400), null, 1.5, "ukat/L", 0.6))
                .observation(issued("Observation/cr", "2160-0", AS_OF.minusSeconds(86400), null, 88.4, "umol/L", null))
                .observation(issued("Observation/odd", "1742-6", AS_OF.minusSeconds(3 * 86400), null, 50, "[IU]/L", 40.0))
                .build();

        List<Reading> labs = of(facts(r, Mode.REVIEW), Reading.class);

        assertThat(labs).filteredOn(x -> x.id().equals("Observation/alt")).singleElement().satisfies(alt -> {
            assertThat(alt.value()).isCloseTo(90.0, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(alt.referenceHigh()).isCloseTo(36.0, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(alt.unit()).isEqualTo("U/L");
        });
        assertThat(labs).filteredOn(x -> x.id().equals("Observation/cr")).singleElement().satisfies(cr -> {
            assertThat(cr.value()).as("by creatinine's molar mass").isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.001));
            assertThat(cr.unit()).isEqualTo("mg/dL");
        });
        assertThat(labs).filteredOn(x -> x.id().equals("Observation/odd")).singleElement()
                .as("not convertible: kept as sent, its reference range still applies").satisfies(odd -> {
                    assertThat(odd.value()).isEqualTo(50.0);
                    assertThat(odd.unit()).isEqualTo("[IU]/L");
                });
    }
}
