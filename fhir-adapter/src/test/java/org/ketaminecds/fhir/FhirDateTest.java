package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.record.PatientRecord;

/**
 * {@link FhirDate} reads dates as HAPI's parser read them (the reader's contract before issue 17): the same texts are
 * dates, with the same instant, as the frozen HAPI path ({@link HapiRecordReader}) read from {@code effectiveDateTime}.
 */
class FhirDateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HapiRecordReader HAPI = HapiRecordReader.create();

    private static final List<String> TEXTS = List.of("2020", "2020-02", "2020-02-29", "2019-02-29", "2020-02-30",
            "2020-13-01", "2020-1", "2020-1-01", "2020-01-01T10:00", "2020-01-01T10:00Z", "2020-01-01T10:00:00",
            "2020-01-01T10:00:00Z", "2020-01-01T10:00:60Z", "2020-01-01T24:00:00Z", "2020-01-01T10:00:00.5Z",
            "2020-01-01T10:00:00.1234567Z", "2020-01-01T10:00:00.123456789012+02:00", "2020-01-01T10:00:00.12+01:00",
            "2020-01-01T10:00:00+14:00", "2020-01-01T10:00:00+23:59", "2020-01-01T10:00:00-05:00",
            "2020-01-01T10:00:00Zabc", " 2020-01-01", "2020-01-01 ", "10000", "2020-01-01T", "2020-01-01T10",
            "2020-01-01T10:00:00.Z", "2020-01-01T10:00:00+0100", "2020-01-01X10:00:00Z", "2020-01-01T10:00:00.123",
            "2020-01-01T10:00:5Z", "2020-01-01T10:00:00+01:00Z", "abcd", "2020-01-01T10:00:00.1x3Z", "1999-12-31T23:59:59.999-14:00",
            "2024-02-29T00:00:00+00:00", "2020-06-15T12:30:45.000Z");

    @Test
    void parse_sameDatesAndInstantsAsHapi() {
        List<String> texts = new ArrayList<>(TEXTS);
        Random random = new Random(17);
        for (int i = 0; i < 1500; i++) {
            texts.add(mutate(TEXTS.get(random.nextInt(TEXTS.size())), random));
        }
        for (String text : texts) {
            String hapi = hapi(text);
            if (hapi != null) { // null: HAPI's path threw on it (a fraction with a space), where the lean reader reads
                assertThat(lean(text)).as(text).isEqualTo(hapi);
            }
        }
    }

    @Test
    void date_partialDates_startOfTheirPeriod() throws Exception {
        assertThat(FhirDate.parse("1980").date()).hasToString("1980-01-01");
        assertThat(FhirDate.parse("1980-05").date()).hasToString("1980-05-01");
        assertThat(FhirDate.parse("1980-05-03T23:30:00-05:00").date()).as("the day as written").hasToString("1980-05-03");
    }

    @Test
    void instant_timeWithoutOffset_readAsUtc() throws Exception {
        assertThat(FhirDate.parse("2026-03-01T08:50:00").instant()).isEqualTo(Instant.parse("2026-03-01T08:50:00Z"));
    }

    private static String lean(String text) {
        try {
            FhirDate date = FhirDate.parse(text);
            return date == null ? "absent" : date.instant().toString();
        } catch (FhirDate.InvalidDate e) {
            return "invalid";
        }
    }

    /** What the HAPI path read from {@code effectiveDateTime}: its instant, nothing, a problem, or null when it threw. */
    private static String hapi(String text) {
        ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle");
        ArrayNode entries = bundle.putArray("entry");
        entries.addObject().putObject("resource").put("resourceType", "Patient").put("id", "p");
        entries.addObject().putObject("resource").put("resourceType", "Observation").put("id", "o")
                .put("effectiveDateTime", text).putObject("subject").put("reference", "Patient/p");
        try {
            PatientRecord record = HAPI.read(bundle.toString(), "dates");
            if (!record.unusable().isEmpty()) {
                return "invalid";
            }
            Instant effective = record.observations().get(0).effective();
            return effective == null ? "absent" : effective.toString();
        } catch (UnusableRecordException e) {
            throw new AssertionError(e);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String mutate(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        int changes = 1 + random.nextInt(2);
        for (int i = 0; i < changes && out.length() > 0; i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(3)) {
                case 0 -> out.setCharAt(at, "0123456789-:T+Z. x".charAt(random.nextInt(18)));
                case 1 -> out.deleteCharAt(at);
                default -> out.insert(at, "0123456789-:TZ".charAt(random.nextInt(14)));
            }
        }
        return out.toString();
    }
}
