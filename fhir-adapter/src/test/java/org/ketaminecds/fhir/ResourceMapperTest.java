package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;

/** The R4 tables the lean reader carries instead of HAPI's model: held to that model, so they cannot drift. */
class ResourceMapperTest {

    private static final FhirContext HAPI = FhirContext.forR4Cached();

    @Test
    void statusCodes_theCodesOfR4sEnumerations() {
        ResourceMapper.STATUS_CODES.forEach((type, codes) -> {
            Resource resource = (Resource) HAPI.getResourceDefinition(type).newInstance();
            Base status = resource.makeProperty("status".hashCode(), "status");
            assertThat(codes).as(type + ".status").isEqualTo(enumCodes((Enumeration<?>) status));
        });
        assertThat(ResourceMapper.REQUEST_INTENTS).isEqualTo(enumCodes(new MedicationRequest().getIntentElement()));
        assertThat(ResourceMapper.GENDERS).isEqualTo(codes(Enumerations.AdministrativeGender.values(),
                Enumerations.AdministrativeGender::toCode));
        assertThat(ResourceMapper.UNITS_OF_TIME).isEqualTo(codes(Timing.UnitsOfTime.values(), Timing.UnitsOfTime::toCode));
    }

    @Test
    void patientElements_theReferenceElementsNamedSubjectPatientOrBeneficiaryOfEveryR4Type() {
        TreeMap<String, java.util.List<String>> model = new TreeMap<>();
        for (String type : HAPI.getResourceTypes()) {
            Resource resource = (Resource) HAPI.getResourceDefinition(type).newInstance();
            java.util.List<String> elements = new java.util.ArrayList<>();
            for (String name : java.util.List.of("subject", "patient", "beneficiary")) {
                Property property = resource.getNamedProperty(name);
                if (property != null && property.getTypeCode().startsWith("Reference")) {
                    elements.add(name + (property.getMaxCardinality() > 1 ? "*" : ""));
                }
            }
            if (!elements.isEmpty()) {
                model.put(type, elements);
            }
        }
        assertThat(new TreeMap<>(RecordPatient.PATIENT_ELEMENTS)).isEqualTo(model);
    }

    private static Set<String> enumCodes(Enumeration<?> value) {
        Object[] all = enumType(value).getEnumConstants();
        return Arrays.stream(all).filter(e -> !((Enum<?>) e).name().equals("NULL"))
                .map(e -> value.getEnumFactory().toCode(cast(e))).collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    private static Class<?> enumType(Enumeration<?> value) {
        for (java.lang.reflect.Method m : value.getEnumFactory().getClass().getMethods()) {
            if (m.getName().equals("fromCode") && m.getReturnType().isEnum()) {
                return m.getReturnType();
            }
        }
        throw new AssertionError("no enum behind " + value.getEnumFactory().getClass());
    }

    private static <E extends Enum<E>> Set<String> codes(E[] values, Function<E, String> toCode) {
        return Arrays.stream(values).filter(e -> !e.name().equals("NULL")).map(toCode).collect(Collectors.toSet());
    }
}
