package org.ketaminecds.fhir.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedResourcesTest {

    private static final String MEDICATION = "{\"resourceType\":\"Medication\",\"id\":\"m1\"}";
    private static final String ORGANIZATION = "{\"resourceType\":\"Organization\",\"id\":\"o1\"}";
    private static final Map<String, String> SHARED = Map.of("Medication/m1", MEDICATION, "Organization/o1", ORGANIZATION);

    @Test
    void withShared_referencedResources_appendedOnceInOrderOfFirstMention() {
        List<String> lines = List.of(
                "{\"resourceType\":\"Encounter\",\"serviceProvider\":{\"reference\":\"Organization/o1\"}}",
                "{\"resourceType\":\"MedicationRequest\",\"medicationReference\":{\"reference\" : \"https://ehr.example.org/fhir/Medication/m1/_history/3\"}}",
                "{\"resourceType\":\"Encounter\",\"serviceProvider\":{\"reference\":\"Organization/o1\"}}");

        assertThat(SharedResources.withShared(lines, SHARED)).containsExactly(lines.get(0), lines.get(1), lines.get(2),
                ORGANIZATION, MEDICATION);
    }

    @Test
    void withShared_nothingReferenced_theSameLines() {
        List<String> lines = List.of("{\"resourceType\":\"Patient\",\"id\":\"p1\"}",
                "{\"resourceType\":\"MedicationRequest\",\"medicationReference\":{\"reference\":\"Medication/other\"}}");

        assertThat(SharedResources.withShared(lines, SHARED)).isSameAs(lines);
    }

    @Test
    void referenceKey_anyReferenceForm_typeAndIdOrTheTextItself() {
        assertThat(SharedResources.referenceKey("Medication/m1")).isEqualTo("Medication/m1");
        assertThat(SharedResources.referenceKey("https://x.org/fhir/Location/l1/_history/2")).isEqualTo("Location/l1");
        // a Bundle-style reference resolves nothing in an export, as in the library's reader
        assertThat(SharedResources.referenceKey("urn:uuid:5b0f")).isEqualTo("urn:uuid:5b0f");
    }
}
