package org.ketaminecds.core.record;

import java.time.Instant;
import java.util.List;

/**
 * A measurement, score, lab result or documented yes/no fact.
 *
 * @param id             {@code Observation/<id>}
 * @param codes          codings of {@code Observation.code}
 * @param status         FHIR status code
 * @param effective      {@code effectiveDateTime}, or the start of {@code effectivePeriod}
 * @param issued         {@code issued}, or {@code null}
 * @param value          {@code valueQuantity} (or an integer value), or {@code null}
 * @param valueCodes     codings of {@code valueCodeableConcept}
 * @param valueBoolean   {@code valueBoolean}, or {@code null}
 * @param components     the components (e.g. systolic and diastolic of a BP panel)
 * @param referenceHigh  {@code referenceRange[0].high} in the value's unit, or {@code null}
 * @param interpretation codings of {@code interpretation}
 * @param focus          references in {@code focus}
 * @param encounter      the {@code encounter} reference, or {@code null}
 */
public record ObservationEntry(
        String id,
        List<Coding> codes,
        String status,
        Instant effective,
        Instant issued,
        Quantity value,
        List<Coding> valueCodes,
        Boolean valueBoolean,
        List<Component> components,
        Double referenceHigh,
        List<Coding> interpretation,
        List<String> focus,
        String encounter) {

    public ObservationEntry {
        codes = List.copyOf(codes);
        valueCodes = List.copyOf(valueCodes);
        components = List.copyOf(components);
        interpretation = List.copyOf(interpretation);
        focus = List.copyOf(focus);
    }

    /** A final observation with one quantity value. */
    public static ObservationEntry quantity(String id, Coding code, Instant effective, Quantity value) {
        return new ObservationEntry(id, List.of(code), "final", effective, null, value, List.of(), null,
                List.of(), null, List.of(), List.of(), null);
    }

    /**
     * One component of an observation.
     *
     * @param codes      codings of {@code component.code}
     * @param value      its quantity, or {@code null}
     * @param valueCodes codings of its {@code valueCodeableConcept}
     */
    public record Component(List<Coding> codes, Quantity value, List<Coding> valueCodes) {
        public Component {
            codes = List.copyOf(codes);
            valueCodes = List.copyOf(valueCodes);
        }
    }
}
