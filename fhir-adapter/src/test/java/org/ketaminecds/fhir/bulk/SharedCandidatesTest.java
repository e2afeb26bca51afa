package org.ketaminecds.fhir.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SharedCandidatesTest {

    private record Offer(long order, String reference, String line) {
    }

    /** In export order: m1 twice, then resources that fit the budget of 20 characters only up to o1. */
    private static final List<Offer> OFFERS = List.of(
            new Offer(1, "Medication/m1", "m1-first"),
            new Offer(2, "Organization/o1", "o1-line"),
            new Offer(3, "Medication/m1", "m1-later"),
            new Offer(4, "Location/l1", "l1-too-big"),
            new Offer(5, "Location/l2", "l2"));

    @Test
    void kept_anyOfferOrder_firstOfEachInExportOrderUpToTheBudget() {
        Map<String, String> inOrder = keep(OFFERS);

        assertThat(inOrder).containsExactly(Map.entry("Medication/m1", "m1-first"), Map.entry("Organization/o1", "o1-line"));
        Random random = new Random(3);
        for (int n = 0; n < 200; n++) {
            List<Offer> shuffled = new ArrayList<>(OFFERS);
            Collections.shuffle(shuffled, random);
            assertThat(keep(shuffled)).as(shuffled.toString()).containsExactlyEntriesOf(inOrder);
        }
    }

    @Test
    void offered_countsEveryOffer() {
        SharedCandidates c = new SharedCandidates(1000);
        OFFERS.forEach(o -> c.offer(o.order(), o.reference(), o.line()));

        assertThat(c.offered()).isEqualTo(5);
        assertThat(c.kept()).hasSize(4);
    }

    private static Map<String, String> keep(List<Offer> offers) {
        SharedCandidates c = new SharedCandidates(20);
        offers.forEach(o -> c.offer(o.order(), o.reference(), o.line()));
        return c.kept();
    }
}
