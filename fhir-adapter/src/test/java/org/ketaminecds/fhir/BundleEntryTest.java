package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.Test;

class BundleEntryTest {

    /** Ids and references as FHIR reads them: the same parts as HAPI's IdType, which the reader used before issue 17. */
    @Test
    void idPartAndTypePart_sameAsHapisIdType() {
        for (String value : List.of("123", "Patient/123", "Patient/123/_history/2", "http://example.org/fhir/Patient/123",
                "http://example.org/fhir/Patient/123/_history/7", "https://x/Observation/o.1", "a/b/c/d", "/123",
                "Patient/", "#med1", "#", "urn:uuid:0b5d4f6e-1", "urn:oid:1.2.3", "Practitioner/9999999939", "x/y",
                "Patient//1", "http://example.org/Patient/1/_history/", "Medication?code=123")) {
            IdType hapi = new IdType(value);
            assertThat(BundleEntry.idPart(value)).as(value).isEqualTo(hapi.getIdPart());
            if (hapi.hasIdPart() && hapi.hasResourceType() && value.charAt(0) != '#' && !value.startsWith("urn:")) {
                assertThat(BundleEntry.typePart(value)).as(value).isEqualTo(hapi.getResourceType());
            } else {
                String type = BundleEntry.typePart(value);
                String id = BundleEntry.idPart(value);
                assertThat(type == null || type.isBlank() || id == null || id.isBlank())
                        .as(value + " has no type and id").isTrue();
            }
        }
    }

    @Test
    void unknownType_r4Types_knownAsHapisContextKnowsThem() {
        FhirContext hapi = FhirContext.forR4Cached();
        for (String type : hapi.getResourceTypes()) {
            assertThat(BundleEntry.unknownType(type)).as(type).isNull();
        }
        assertThat(BundleEntry.unknownType("Foo")).isEqualTo("Unknown resource name \"Foo\" (this name is not known in FHIR version \"R4\")");
        assertThat(BundleEntry.unknownType("observation"))
                .isEqualTo("Unknown resource type 'observation': Resource names are case sensitive, found similar name: 'Observation'");
    }
}
