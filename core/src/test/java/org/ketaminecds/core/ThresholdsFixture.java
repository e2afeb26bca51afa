package org.ketaminecds.core;

import java.util.HashMap;
import java.util.Map;

/** Thresholds for tests outside this package (the constructor is the package loader's): {@code "NAME=30 d"}. */
public final class ThresholdsFixture {

    private ThresholdsFixture() {
    }

    public static Thresholds of(String... nameIsValueAndUnit) {
        Map<String, Thresholds.Threshold> byName = new HashMap<>();
        for (String spec : nameIsValueAndUnit) {
            String[] nameValue = spec.split("=", 2);
            String[] valueUnit = nameValue[1].trim().split(" ", 2);
            byName.put(nameValue[0], new Thresholds.Threshold(Double.parseDouble(valueUnit[0]),
                    valueUnit.length > 1 ? valueUnit[1] : "1", "test"));
        }
        return new Thresholds(byName);
    }
}
