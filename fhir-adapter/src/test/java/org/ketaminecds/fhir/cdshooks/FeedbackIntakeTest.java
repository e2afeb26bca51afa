package org.ketaminecds.fhir.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackIntakeTest {

    private static final String SERVICE = "ketamine-cds-order-sign";
    private static final String OVERRIDDEN = "{\"card\":\"a\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-01-01T00:00:00Z\"}";

    private final List<FeedbackRecord> stored = new ArrayList<>();
    private final FeedbackIntake intake = new FeedbackIntake(stored::add, CdsHooksService.DEFAULT_MAX_FEEDBACK_ITEMS,
            Clock.fixed(CdsHooksServiceTest.AS_OF, ZoneOffset.UTC));

    @Test
    void accept_overriddenWithReason_storedWithTheTimeItCame() throws Exception {
        String body = "{\"feedback\":[{\"card\":\"c1\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-01-01T00:00:00Z\","
                + "\"overrideReason\":{\"reason\":{\"code\":\"specialist-clearance\",\"system\":\"https://example\"},"
                + "\"userComment\":\"cleared\"}}]}";

        assertThat(intake.accept(SERVICE, body)).isEqualTo(1);

        assertThat(stored).singleElement().satisfies(r -> {
            assertThat(r.receivedAt()).isEqualTo(CdsHooksServiceTest.AS_OF.toString());
            assertThat(r.serviceId()).isEqualTo(SERVICE);
            assertThat(r.card()).isEqualTo("c1");
            assertThat(r.overrideReason().code()).isEqualTo("specialist-clearance");
            assertThat(r.userComment()).isEqualTo("cleared");
        });
    }

    @Test
    void accept_malformed_400NamesTheItemAndNothingStored() {
        String oneGoodOneBad = "{\"feedback\":[" + OVERRIDDEN + ","
                + "{\"card\":\"b\",\"outcome\":\"maybe\",\"outcomeTimestamp\":\"2026-01-01T00:00:00Z\"}]}";

        assertThatThrownBy(() -> intake.accept(SERVICE, oneGoodOneBad))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("feedback[1].outcome");
                });
        assertThatThrownBy(() -> intake.accept(SERVICE, "{\"feedback\":[{\"card\":\"a\","
                + "\"outcome\":\"accepted\",\"outcomeTimestamp\":\"2026-01-01T00:00:00Z\"}]}"))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> assertThat(e.getMessage()).contains("acceptedSuggestions"));
        assertThatThrownBy(() -> intake.accept(SERVICE, "{\"feedback\":[{\"card\":\"a\","
                + "\"outcome\":\"overridden\",\"outcomeTimestamp\":\"yesterday\"}]}"))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("feedback[0].outcomeTimestamp is not an ISO-8601 UTC time"));
        assertThatThrownBy(() -> intake.accept(SERVICE, "{not json"))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> assertThat(e.getMessage())
                        .startsWith("feedback is not valid JSON of the CDS Hooks feedback shape"));
        assertThatThrownBy(() -> intake.accept(SERVICE, "{\"feedback\":[]}"))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> assertThat(e.getMessage()).contains("non-empty"));
        assertThat(stored).isEmpty();
    }

    @Test
    void accept_moreItemsThanTheDefaultCap_413AndNothingStored() {
        String tooMany = "{\"feedback\":[" + String.join(",", Collections.nCopies(101, OVERRIDDEN)) + "]}";

        // Each item is forced to disk on its own: an unbounded list is a cheap way to stall the store.
        assertThatThrownBy(() -> intake.accept(SERVICE, tooMany))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("101").contains("100");
                });
        assertThat(stored).isEmpty();
    }
}
