package org.ketaminecds.core.derived;

import java.math.BigDecimal;
import java.util.Collection;
import org.ketaminecds.core.Route;

/**
 * How values read in a finding's text: numbers without a needless ".0", doses in mg, times and intervals. The one
 * formatter the rules use for the values they hand to the wording ({@code Hit.with("dose", ClinicalText.mg(...))}).
 */
public final class ClinicalText {

    private ClinicalText() {
    }

    /** 93 rather than 93.0, 92.5 as it is; "?" when unknown. */
    public static String number(Double v) {
        if (v == null) {
            return "?";
        }
        return v == Math.rint(v) ? String.valueOf(v.longValue()) : String.valueOf(v);
    }

    /** A value rounded half up to {@code decimals} places, without trailing zeros: 12.46 to 1 place is 12.5. */
    public static String rounded(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return BigDecimal.valueOf(Math.round(value * scale) / scale).stripTrailingZeros().toPlainString();
    }

    /** Ids or names as a list in a sentence: "MedicationStatement/a, MedicationStatement/b". */
    public static String list(Collection<String> items) {
        return String.join(", ", items);
    }

    /** A route as the wording names it: "intravenous", "intranasal". */
    public static String routeName(Route route) {
        return switch (route) {
            case IV -> "intravenous";
            case IM -> "intramuscular";
            case SC -> "subcutaneous";
            case INTRANASAL -> "intranasal";
            case ORAL -> "oral";
            case SUBLINGUAL -> "sublingual";
        };
    }
}
