package org.ketaminecds.core;

import java.util.Locale;

/** The planned product: intranasal esketamine (SPRAVATO, tag [ESK]) or racemic ketamine (tag [KET]). */
public enum Product {
    ESKETAMINE,
    KETAMINE;

    public static Product parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown product '" + text + "' (expected esketamine or ketamine)");
        }
    }

    /** Lower-case name for wording: "esketamine", "ketamine". */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
