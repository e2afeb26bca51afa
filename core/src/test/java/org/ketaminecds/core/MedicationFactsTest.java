package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ketaminecds.core.FactBuilderTest.THRESHOLDS;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.MedicationEntry;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.record.Quantity;
import org.ketaminecds.core.vocabulary.UnrecognisedMedication;

class MedicationFactsTest {

    private static final Instant AS_OF = FactBuilderTest.AS_OF;

    private final MedicationFacts medicationFacts = new MedicationFacts(TestTerminology.standard());

    private MedicationFacts.Read read(MedicationEntry... entries) {
        return medicationFacts.read(List.of(entries), AS_OF, THRESHOLDS);
    }

    @Test
    void read_draftAndActiveKetamineOrders_theDraftIsThePlannedTreatment() {
        Instant planned = AS_OF.plusSeconds(1800);

        PlannedTreatment p = read(
                FactBuilderTest.order("MedicationRequest/active", "6130", "active", AS_OF.minusSeconds(86400), null),
                FactBuilderTest.order("MedicationRequest/draft", "2201625", "draft", AS_OF.minusSeconds(864000), planned))
                .planned();

        assertThat(p.product()).isEqualTo(Product.ESKETAMINE);
        assertThat(p.route()).isEqualTo(Route.INTRANASAL);
        assertThat(p.doseMg()).isEqualTo(56.0);
        assertThat(p.plannedTime()).isEqualTo(planned);
    }

    @Test
    void read_noKetamineOrder_plannedTreatmentUnknown() {
        assertThat(read(statement("MedicationStatement/ms1", "active", null, Coding.of(Coding.RXNORM, "6470"))).planned())
                .isEqualTo(PlannedTreatment.UNKNOWN);
    }

    @Test
    void read_statementWithDoseAndFrequency_dailyDoseInMg() {
        MedicationEntry lorazepam = new MedicationEntry("MedicationStatement/lorazepam", MedicationKind.STATEMENT,
                List.of(Coding.of(Coding.RXNORM, "6470")), null, "active", null, AS_OF.minusSeconds(864000), null, null,
                Quantity.of(1, "mg"), 3.0, List.of(), null, null);

        assertThat(read(lorazepam).medications()).singleElement()
                .satisfies(m -> {
                    assertThat(m.dailyDoseMg()).isEqualTo(3.0);
                    assertThat(m.ingredients()).containsExactly("6470");
                    assertThat(m.current()).isTrue();
                });
    }

    @Test
    void read_dispense_keepsSupplyPrescriberAndWhereItWent() {
        MedicationEntry dispense = new MedicationEntry("MedicationDispense/d", MedicationKind.DISPENSE,
                List.of(Coding.of(Coding.RXNORM, "6130")), null, "completed", null, AS_OF.minusSeconds(86400), null, null,
                null, null, List.of(), null, null, Quantity.of(2, "wk"), "Practitioner/a", "MedicationRequest/r",
                List.of("Patient/p1"), "Location/home");

        assertThat(read(dispense).medications()).singleElement()
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
        assertThat(MedicationFacts.days(Quantity.of(30, null))).as("daysSupply counts days").isEqualTo(30.0);
        assertThat(MedicationFacts.days(Quantity.of(30, "d"))).isEqualTo(30.0);
        assertThat(MedicationFacts.days(Quantity.of(48, "h"))).isEqualTo(2.0);
        assertThat(MedicationFacts.days(Quantity.of(1, "mo"))).as("a month varies in length").isNull();
        assertThat(MedicationFacts.days(Quantity.of(10, "mL"))).isNull();
        assertThat(MedicationFacts.days(Quantity.of(0, "d"))).isNull();
        assertThat(MedicationFacts.days(null)).isNull();
    }

    @Test
    void read_draftOrder_isNotACurrentPrescription() {
        assertThat(read(FactBuilderTest.order("MedicationRequest/d", "2201625", "draft", AS_OF, null)).medications())
                .singleElement().satisfies(m -> assertThat(m.current()).isFalse());
    }

    private static final long DAY = 86_400;
    private static final Coding LOCAL_ALPRAZOLAM = new Coding(TestTerminology.SITE_FORMULARY, "ALP05", "ALPRAZOLAM 0.5MG TAB");

    private static MedicationEntry statement(String id, String status, String text, Coding... codes) {
        return new MedicationEntry(id, MedicationKind.STATEMENT, List.of(codes), text, status, null,
                AS_OF.minusSeconds(30 * DAY), null, null, null, null, List.of(), null, null);
    }

    private List<UnrecognisedMedication> unrecognised(MedicationEntry... entries) {
        return read(entries).unrecognised();
    }

    @Test
    void read_localFormularyCodeNamingAlprazolam_unrecognisedLooksLikeAlprazolam_neverCountsAsIt() {
        MedicationFacts.Read f = read(statement("MedicationStatement/ms1", "active", "ALPRAZOLAM 0.5MG TAB",
                LOCAL_ALPRAZOLAM));

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
        assertThat(f.medications()).singleElement()
                .satisfies(m -> assertThat(m.concepts()).as("a name is no code").isEmpty());
    }

    @Test
    void read_unmappedRxNormCodeNamingAnIngredient_unrecognised() {
        assertThat(unrecognised(statement("MedicationStatement/ms1", "active", null,
                new Coding(Coding.RXNORM, "197321", "Alprazolam 1 MG Oral Tablet")))).singleElement().satisfies(u -> {
                    assertThat(u.lookalikes()).containsExactly("alprazolam");
                    assertThat(u.reason()).startsWith("'Alprazolam 1 MG Oral Tablet' [" + Coding.RXNORM + "|197321]: "
                            + "the package does not map this code; looks like alprazolam");
                });
    }

    @Test
    void read_unmappedRxNormCodeNamingNoIngredient_noGap() {
        assertThat(unrecognised(statement("MedicationStatement/ms1", "active", "Acetaminophen 325 MG Oral Tablet",
                Coding.of(Coding.RXNORM, "313782")))).isEmpty();
    }

    @Test
    void read_noRxNormOrNdcCode_alwaysAGapEvenWithoutAName() {
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

    @Test
    void read_codeWithoutASystem_aGapLikeAnyNonStandardCode() {
        assertThat(unrecognised(statement("MedicationStatement/ms1", "active", "Spravato Nasal Spray",
                new Coding(null, "2201625", null)))).singleElement().satisfies(u -> {
                    assertThat(u.codes()).containsExactly("|2201625");
                    assertThat(u.reason()).startsWith("'Spravato Nasal Spray' [|2201625]: no RxNorm or NDC code");
                });
    }

    @Test
    void read_localCodeAValueSetLists_recognised() {
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
    void read_unrecognisedMedication_aGapOnlyWhileCurrent(String what, MedicationEntry entry, boolean gap) {
        assertThat(unrecognised(entry)).as(what).hasSize(gap ? 1 : 0);
    }
}
