package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
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

    static final Instant AS_OF = Instant.parse("2026-03-01T09:00:00Z");
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

    static ObservationEntry bpPanel(String id, Instant at, double sbp, double dbp, String unit) {
        return new ObservationEntry(id, List.of(Coding.of(Coding.LOINC, "85354-9")), "final", at, null, null, List.of(), null,
                List.of(new ObservationEntry.Component(List.of(Coding.of(Coding.LOINC, "8480-6")), Quantity.of(sbp, unit), List.of()),
                        new ObservationEntry.Component(List.of(Coding.of(Coding.LOINC, "8462-4")), Quantity.of(dbp, unit), List.of())),
                null, List.of(), List.of(), null);
    }

    static ObservationEntry single(String id, String loinc, Instant at, double value, String unit) {
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

    static MedicationEntry order(String id, String rxnorm, String status, Instant authored, Instant planned) {
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
    void build_unrecognisedMedication_aFactForTheRulesAndListedForTheFindings() {
        PatientRecord r = patient().medication(new MedicationEntry("MedicationStatement/rinse", MedicationKind.STATEMENT,
                List.of(Coding.of(TestTerminology.SITE_FORMULARY, "CHX")), "CHLORHEXIDINE 0.12% RINSE", "active", null,
                AS_OF.minusSeconds(86400), null, null, null, null, List.of(), null, null)).build();

        FactBuilder.Facts f = builder.build(r, EvaluationContext.of(Mode.CANDIDACY, AS_OF), THRESHOLDS);

        assertThat(f.unrecognised()).extracting(UnrecognisedMedication::id).containsExactly("MedicationStatement/rinse");
        assertThat(of(f.all(), UnrecognisedMedication.class)).isEqualTo(f.unrecognised());
    }

    // --- issue 12: unpaired BP components, ties, units -----------------------------------------------------------

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
