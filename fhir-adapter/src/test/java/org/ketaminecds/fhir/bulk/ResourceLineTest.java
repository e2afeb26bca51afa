package org.ketaminecds.fhir.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The first pass's byte scan ({@link ResourceLine#read(byte[], int, int)}) decides which patient a line goes to: it
 * must answer exactly as the Jackson reader ({@link ResourceLine#read(String)}) of the decoded line, for valid lines
 * (same patient) and broken ones (same message).
 */
class ResourceLineTest {

    private static final String OBS = "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"subject\":{\"reference\":"
            + "\"Patient/p1\"},\"valueQuantity\":{\"value\":-1.5e+3,\"unit\":\"mg\"},\"code\":{\"coding\":[{\"code\":"
            + "\"x\"},{}],\"text\":\"caf\u00e9 \\\"q\\\" \\u00e9\"},\"flag\":[true,false,null,0,12,[],[[1]]]}";

    private static List<String> exportLines;

    @BeforeAll
    static void readTheTestExport() {
        exportLines = new ArrayList<>();
        for (Path bundle : BulkExportFixture.testBundles()) {
            BulkExportFixture.linesByType(bundle).values().forEach(exportLines::addAll);
        }
    }

    @Test
    void read_everyLineOfTheTestExport_sameAsJackson() {
        assertThat(exportLines).hasSizeGreaterThan(1000);
        for (String line : exportLines) {
            assertSameAnswer(line.getBytes(StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            OBS,
            // repeated keys: the last one counts, as in Jackson's reading
            "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/a\"},\"subject\":{\"reference\":\"Patient/b\"}}",
            "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/a\"},\"subject\":\"Patient/b\"}",
            "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/a\",\"reference\":7}}",
            "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/a\",\"reference\":\"Group/g\"}}",
            "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"id\":null}",
            "{\"resourceType\":\"Patient\",\"resourceType\":\"Observation\",\"id\":\"p1\",\"subject\":{\"reference\":\"Patient/p2\"}}",
            // escapes in keys and values: the scan leaves them to Jackson
            "{\"resourceType\":\"Observation\",\"\\u0073ubject\":{\"reference\":\"Patient/esc\"}}",
            "{\"resourceType\":\"Observation\",\"subject\":{\"r\\u0065ference\":\"Patient/esc\"}}",
            "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient\\/esc\"}}",
            "{\"resourceType\":\"Pat\\u0069ent\",\"id\":\"p\\u0031\"}",
            "{\"resourceType\":\"Observation\",\"note\":\"\\\"subject\\\":{\\\"reference\\\":\\\"Patient/no\\\"}\"}",
            // where the patient is, or is not
            "{\"resourceType\":\"Observation\",\"code\":{\"subject\":{\"reference\":\"Patient/nested\"}}}",
            "{\"resourceType\":\"AllergyIntolerance\",\"patient\":{\"reference\":\"https://x.org/fhir/Patient/p9/_history/2\"}}",
            "{\"resourceType\":\"Coverage\",\"beneficiary\":{\"reference\":\"urn:uuid:\"}}",
            "{\"resourceType\":\"Patient\",\"id\":\" \"}",
            "{\"resourceType\":\"Patient\",\"id\":\"caf\u00e9\"}",
            "{\"resourceType\":\"Medication\",\"id\":\"m1\"}",
            "{ \"resourceType\" : \"Patient\" ,\t\"id\" : \"spaced\" }  ",
            "  {\"resourceType\":\"Patient\",\"id\":\"lead\"}",
            "{\"resourceType\":\"Patient\",\"id\":\"a\\tb\"}",
            // not valid: Jackson's messages
            "{\"resourceType\":\"Patient\",\"id\":\"p1\"",
            "{\"resourceType\":\"Patient\",\"id\":\"p1\",}",
            "{\"resourceType\":\"Patient\",\"id\":\"p1\"} {}",
            "{\"resourceType\":\"Patient\",\"id\":\"p1\"}x",
            "{\"resourceType\":\"Observation\",\"value\":01}",
            "{\"resourceType\":\"Observation\",\"value\":1.}",
            "{\"resourceType\":\"Observation\",\"value\":.5}",
            "{\"resourceType\":\"Observation\",\"value\":+1}",
            "{\"resourceType\":\"Observation\",\"value\":1e}",
            "{\"resourceType\":\"Observation\",\"value\":-}",
            "{\"resourceType\":\"Observation\",\"value\":NaN}",
            "{\"resourceType\":\"Observation\",\"value\":tru}",
            "{\"resourceType\":\"Observation\",\"value\":truex}",
            "{\"resourceType\":\"Observation\",\"value\":[1,]}",
            "{\"resourceType\":\"Observation\",\"value\":[1 2]}",
            "{\"resourceType\":\"Observation\",\"value\":\"\\x\"}",
            "{\"resourceType\":\"Observation\",\"value\":\"\\u12G4\"}",
            "{\"resourceType\":\"Observation\",'value':1}",
            "{\"resourceType\":\"Observation\" \"id\":\"1\"}",
            "{\"resourceType\":\"Observation\",\"id\"}",
            "{\"resourceType\":\"Observation\",\"id\":}",
            "{\"resourceType\":\"Observation\",\"id\":\"a\u0001b\"}",
            "{\"resourceType\":\"Observation\",\"id\":\"a\"}\u0001",
            "\uFEFF{\"resourceType\":\"Patient\",\"id\":\"bom\"}",
            "{\"resourceType\":\"Patient\",\"id\":\"p1\u0000\"}",
            "{\"id\":\"p1\"}",
            "{\"resourceType\":7,\"id\":\"p1\"}",
            "{\"resourceType\":\"\",\"id\":\"p1\"}",
            "[{\"resourceType\":\"Patient\"}]",
            "\"Patient\"",
            "{}",
            "{",
            "}",
            "x",
            "\u3000",
            " \t "
    })
    void read_edgeCases_sameAsJackson(String line) {
        assertSameAnswer(line.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void read_invalidUtf8_sameAsJacksonOfTheDecodedText() {
        byte[] ascii = "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"name\":\"xx\"}".getBytes(StandardCharsets.US_ASCII);
        for (byte bad : new byte[] {(byte) 0x80, (byte) 0xC3, (byte) 0xE2, (byte) 0xF0, (byte) 0xFF}) {
            for (int at = 0; at < ascii.length; at++) {
                byte[] line = ascii.clone();
                line[at] = bad;
                assertSameAnswer(line);
            }
        }
    }

    @Test
    void read_deepNesting_sameAsJackson() {
        String deep = "[".repeat(600) + "]".repeat(600);
        assertSameAnswer(("{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/d\"},\"x\":" + deep + "}")
                .getBytes(StandardCharsets.UTF_8));
        String fine = "[".repeat(40) + "]".repeat(40);
        assertSameAnswer(("{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/d\"},\"x\":" + fine + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void read_everyPrefixOfALine_sameAsJackson() {
        byte[] line = OBS.getBytes(StandardCharsets.UTF_8);
        for (int end = 0; end <= line.length; end++) {
            assertSameAnswer(Arrays.copyOf(line, end));
        }
    }

    @Test
    void read_randomlyDamagedExportLines_sameAsJackson() {
        SplittableRandom random = new SplittableRandom(17);
        byte[] alphabet = "{}[]:,\"\\ \t-+.0123456789eEtrufalsn/uP".getBytes(StandardCharsets.US_ASCII);
        for (int n = 0; n < 20_000; n++) {
            byte[] line = exportLines.get(random.nextInt(exportLines.size())).getBytes(StandardCharsets.UTF_8);
            int damage = 1 + random.nextInt(3);
            for (int d = 0; d < damage; d++) {
                // near the start, where the patient is usually named, half of the time
                int at = random.nextBoolean() ? random.nextInt(Math.min(line.length, 120)) : random.nextInt(line.length);
                line[at] = alphabet[random.nextInt(alphabet.length)];
            }
            assertSameAnswer(line);
        }
    }

    @Test
    void read_linesSideBySideInOneBuffer_eachReadFromItsOwnBytes() {
        String one = "{\"resourceType\":\"Patient\",\"id\":\"p1\"}";
        byte[] buffer = (one + one.replace("p1", "p2")).getBytes(StandardCharsets.UTF_8);
        int n = one.length();

        assertThat(ResourceLine.read(buffer, 0, n).patient()).isEqualTo("p1");
        assertThat(ResourceLine.read(buffer, n, 2 * n).patient()).isEqualTo("p2");
        assertThatThrownBy(() -> ResourceLine.read(buffer, 0, n - 1)).isInstanceOf(MalformedLineException.class);
    }

    /** Both readers give the same line, or both the same problem; a blank line is null for the byte reader. */
    private static void assertSameAnswer(byte[] utf8) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        Object expected;
        try {
            expected = text.isBlank() ? null : ResourceLine.read(text);
        } catch (MalformedLineException e) {
            expected = e.getMessage();
        }
        byte[] padded = new byte[utf8.length + 4];
        System.arraycopy(utf8, 0, padded, 2, utf8.length);
        padded[0] = '{';
        padded[padded.length - 1] = '}'; // bytes around the line that a scan must not read
        Object actual;
        try {
            actual = ResourceLine.read(padded, 2, 2 + utf8.length);
        } catch (MalformedLineException e) {
            actual = e.getMessage();
        }
        assertThat(actual).as(text).isEqualTo(expected);
    }
}
