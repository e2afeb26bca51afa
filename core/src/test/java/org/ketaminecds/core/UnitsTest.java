package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {

    @ParameterizedTest(name = "{1} {0} = {3} {2}")
    @CsvSource({
            "[lb_av],  176,   kg,      79.8323",
            "[in_i],   70,    cm,      177.8",
            "[degF],   98.6,  Cel,     37.0",
            "K,        310.15, Cel,    37.0",
            "Cel,      37,    [degF],  98.6",
            "kPa,      16,    mm[Hg],  120.0102",
            "ukat/L,   1,     U/L,     60.0",
            "mg/L,     13,    mg/dL,   1.3",
            "g,        70000, kg,      70.0",
            "{beats}/min, 72, /min,    72.0",
            "1,        0.97,  %,       97.0"
    })
    void conversion_unitsOfOneDimension_convert(String from, double value, String to, double expected) {
        assertThat(Units.conversion(from, to, null)).hasValueSatisfying(c ->
                assertThat(c.apply(value)).isCloseTo(expected, within(1e-3)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"cm, kg", "beats/minute, /min", "[IU]/L, U/L", "umol/L, mg/dL", "mg/(24.h), mg/dL", "'', kg"})
    void conversion_otherDimensionOrNotUcum_empty(String from, String to) {
        assertThat(Units.conversion(from, to, null)).isEmpty();
        assertThat(Units.conversion(null, to, null)).isEmpty();
    }

    @ParameterizedTest(name = "{1} {0} = {3} mg/dL")
    @CsvSource({"umol/L, 88.4, 113.12, 1.0", "mmol/L, 0.0884, 113.12, 1.0", "umol/L, 17.1, 584.66, 1.0"})
    void conversion_amountOfSubstanceWithMolarMass_convertsToMass(String from, double value, double molarMass,
                                                                 double expected) {
        assertThat(Units.conversion(from, "mg/dL", molarMass)).hasValueSatisfying(c ->
                assertThat(c.apply(value)).isCloseTo(expected, within(0.001)));
    }
}
