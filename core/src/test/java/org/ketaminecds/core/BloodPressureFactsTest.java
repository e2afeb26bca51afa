package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ketaminecds.core.FactBuilderTest.AS_OF;
import static org.ketaminecds.core.FactBuilderTest.THRESHOLDS;
import static org.ketaminecds.core.FactBuilderTest.bpPanel;
import static org.ketaminecds.core.FactBuilderTest.single;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.record.ObservationEntry;
import org.ketaminecds.core.vocabulary.BloodPressure;
import org.ketaminecds.core.vocabulary.DataIssue;
import org.ketaminecds.core.vocabulary.LatestBloodPressure;

class BloodPressureFactsTest {

    private final Terminology terminology = TestTerminology.standard();
    private final Map<String, List<String>> notes = new HashMap<>();

    /** The facts the observations give: data issues as each is read, then the BPs. */
    private List<Object> read(ObservationEntry... observations) {
        List<Object> facts = new ArrayList<>();
        BloodPressureFacts bps = new BloodPressureFacts(terminology, THRESHOLDS, facts, notes);
        for (ObservationEntry o : observations) {
            assertThat(bps.offer(o, o.effective(), terminology.conceptsOf(o.codes()))).as(o.id() + " is a BP").isTrue();
        }
        assertThat(bps.pair()).isEqualTo(of(facts, BloodPressure.class));
        return facts;
    }

    private static <T> List<T> of(List<Object> facts, Class<T> type) {
        return facts.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void offer_heartRate_notTakenAndNoFact() {
        List<Object> facts = new ArrayList<>();
        BloodPressureFacts bps = new BloodPressureFacts(terminology, THRESHOLDS, facts, notes);
        ObservationEntry hr = single("Observation/hr", "8867-4", AS_OF, 72, "/min");

        assertThat(bps.offer(hr, hr.effective(), terminology.conceptsOf(hr.codes()))).isFalse();
        assertThat(bps.pair()).isEmpty();
        assertThat(facts).isEmpty();
    }

    @Test
    void offer_bpPanel_oneCompleteReading() {
        List<Object> f = read(bpPanel("Observation/bp", AS_OF, 132, 84, "mm[Hg]"));

        assertThat(of(f, BloodPressure.class)).singleElement().satisfies(bp -> {
            assertThat(bp.complete()).isTrue();
            assertThat(bp.display()).isEqualTo("132/84 mmHg");
            assertThat(bp.evidence()).containsExactly("Observation/bp");
        });
        assertThat(of(f, DataIssue.class)).isEmpty();
    }

    @Test
    void offer_separateComponentsSameMinute_pairedIntoOneReading() {
        List<Object> f = read(single("Observation/s", "8480-6", AS_OF.minusSeconds(50), 128, "mm[Hg]"),
                single("Observation/d", "8462-4", AS_OF.minusSeconds(30), 81, "mm[Hg]"),
                single("Observation/s2", "8480-6", AS_OF.minusSeconds(3600), 150, "mm[Hg]"));

        List<BloodPressure> bps = of(f, BloodPressure.class);
        assertThat(bps).filteredOn(BloodPressure::complete).singleElement()
                .satisfies(bp -> assertThat(bp.evidence()).containsExactly("Observation/s", "Observation/d"));
        assertThat(bps).filteredOn(bp -> !bp.complete()).singleElement()
                .satisfies(bp -> assertThat(bp.diastolic()).isNull());
    }

    @Test
    void offer_implausibleWrongUnitOrInvertedBp_reportedAndExcluded() {
        List<Object> f = read(bpPanel("Observation/high", AS_OF, 400, 80, "mm[Hg]"),
                bpPanel("Observation/cm", AS_OF, 16, 10, "cm"),
                bpPanel("Observation/inverted", AS_OF, 90, 120, "mm[Hg]"));

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
    void offer_unpairedSystolicAndDiastolicMinutesApart_eachCountsForItsOwnComponent() {
        List<Object> f = read(single("Observation/s", "8480-6", AS_OF.minusSeconds(600), 150, "mm[Hg]"),
                single("Observation/d", "8462-4", AS_OF.minusSeconds(420), 94, "mm[Hg]"));

        LatestBloodPressure bp = LatestBloodPressure.of(of(f, BloodPressure.class));

        assertThat(bp.complete()).as("a pair of unpaired components is a BP").isTrue();
        assertThat(bp.systolic()).isEqualTo(150.0);
        assertThat(bp.diastolic()).isEqualTo(94.0);
        assertThat(bp.evidence()).containsExactly("Observation/s", "Observation/d");
        assertThat(bp.above(140, 90)).isTrue();
    }

    @Test
    void offer_loneDiastolic_countsForDiastolicAndNamesTheMissingSystolic() {
        List<Object> f = read(single("Observation/d", "8462-4", AS_OF.minusSeconds(420), 94, "mm[Hg]"));

        LatestBloodPressure bp = LatestBloodPressure.of(of(f, BloodPressure.class));

        assertThat(bp.complete()).isFalse();
        assertThat(bp.missing()).isEqualTo("systolic");
        assertThat(bp.above(140, 90)).as("the diastolic branch").isTrue();
        assertThat(bp.above(140, 100)).isFalse();
        assertThat(bp.display()).isEqualTo("diastolic 94 mmHg (no systolic)");
    }

    @Test
    void offer_newerLoneSystolic_updatesOnlyTheSystolicOfAnEarlierPanel() {
        List<Object> f = read(bpPanel("Observation/panel", AS_OF.minusSeconds(1800), 150, 96, "mm[Hg]"),
                single("Observation/s", "8480-6", AS_OF.minusSeconds(600), 128, "mm[Hg]"));

        LatestBloodPressure bp = LatestBloodPressure.of(of(f, BloodPressure.class));

        assertThat(bp.display()).isEqualTo("128/96 mmHg");
        assertThat(bp.evidence()).containsExactly("Observation/s", "Observation/panel");
    }

    @Test
    void offer_bpInKilopascal_convertedToMillimetresOfMercury() {
        List<Object> f = read(bpPanel("Observation/kpa", AS_OF.minusSeconds(600), 16, 10, "kPa"));

        assertThat(of(f, DataIssue.class)).isEmpty();
        assertThat(of(f, BloodPressure.class)).singleElement().satisfies(bp -> assertThat(bp.display()).isEqualTo("120/75 mmHg"));
    }
}
