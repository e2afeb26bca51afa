package org.ketaminecds.core;

import java.util.Locale;
import java.util.Optional;

/** Routes of administration, with the SNOMED CT route codes of knowledge-base §2.0. */
public enum Route {
    IV("47625008"),
    IM("78421000"),
    SC("34206005"),
    INTRANASAL("46713006"),
    ORAL("26643006"),
    SUBLINGUAL("37839007");

    private final String snomedCode;

    Route(String snomedCode) {
        this.snomedCode = snomedCode;
    }

    public String snomedCode() {
        return snomedCode;
    }

    public static Optional<Route> fromSnomed(String code) {
        for (Route route : values()) {
            if (route.snomedCode.equals(code)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    public static Route parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown route '" + text + "' (expected iv, im, sc, intranasal, oral or sublingual)");
        }
    }
}
