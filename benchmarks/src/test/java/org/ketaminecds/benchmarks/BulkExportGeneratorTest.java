package org.ketaminecds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-copy rewrite only; the generator itself is run by hand (docs/performance.md). */
class BulkExportGeneratorTest {

    private static final String LINE = "{\"resourceType\":\"Observation\",\"id\":\"5e1c0a7b-1234-4abc-8def-0123456789ab\","
            + "\"subject\":{\"reference\":\"Patient/adde33fe-2259-f93c-b93a-be292d2167be\"},"
            + "\"effectiveDateTime\":\"2024-02-28T10:15:00+01:00\",\"issued\":\"2024-03-01\","
            + "\"medicationReference\":{\"reference\":\"Medication/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\"},"
            + "\"valueString\":\"2024-13-45 and 12345678-1234-1234-1234-123456789abcd\"}";

    @Test
    void rewrite_copyAndDays_idsRenumberedDatesShiftedSharedAndNonDatesKept() {
        String copy = BulkExportGenerator.rewrite(LINE, 0x2a, -1, Set.of("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"));

        assertThat(copy).isEqualTo(LINE
                .replace("5e1c0a7b-1234", "0000002a-1234")
                .replace("Patient/adde33fe-", "Patient/0000002a-")
                .replace("2024-02-28T10:15", "2024-02-27T10:15")
                .replace("\"2024-03-01\"", "\"2024-02-29\""));
    }

    @Test
    void rewrite_firstCopy_onlyIdsChange() {
        String copy = BulkExportGenerator.rewrite(LINE, 0, 0, Set.of());

        assertThat(copy).contains("\"id\":\"00000000-1234-4abc-8def-0123456789ab\"", "Patient/00000000-2259",
                "Medication/00000000-bbbb", "2024-02-28T10:15:00+01:00", "12345678-1234-1234-1234-123456789abcd");
    }
}
