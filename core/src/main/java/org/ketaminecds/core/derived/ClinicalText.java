package org.ketaminecds.core.derived;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;

/**
 * How values read in a finding's text: numbers without a needless ".0", doses in mg, times and intervals. The one
 * formatter the rules use for the values they hand to the wording ({@code Hit.with("dose", ClinicalText.mg(...))}).
 */
public final class ClinicalText {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    private ClinicalText() {
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

    /** A number rounded to two decimals, without trailing zeros: 56, 0.75, 1.33; "?" when unknown. */
    public static String number(Double value) {
        return value == null ? "?" : rounded(value, 2);
    }

    /** A time in UTC to the minute: 2026-03-01 09:30. */
    public static String dateTime(Instant t) {
        return DATE_TIME.format(t);
    }

    /** Days rounded down to a tenth: a refill one minute before a limit never reads as reaching it. */
    public static String daysRoundedDown(double days) {
        return number(Math.floor(days * 10) / 10.0);
    }

    /** When each session started, the planned one marked: "2026-03-01 09:30, planned 2026-03-02 09:30". */
    public static String sessionTimes(Collection<Session> sessions) {
        List<String> parts = new ArrayList<>();
        for (Session s : sessions) {
            parts.add(when(s));
        }
        return String.join(", ", parts);
    }

    /** Each session's dose and time: "56 mg 2026-03-01 09:30, 84 mg planned 2026-03-02 09:30". */
    public static String sessionDoses(Collection<Session> sessions) {
        List<String> parts = new ArrayList<>();
        for (Session s : sessions) {
            parts.add(number(s.doseMg()) + " mg " + when(s));
        }
        return String.join(", ", parts);
    }

    /** The dose a mg/kg figure was computed from: "80 mg planned", "80 mg on 2026-03-01 09:30". */
    public static String doseGiven(double doseMg, Instant givenAt) {
        return number(doseMg) + (givenAt == null ? " mg planned" : " mg on " + dateTime(givenAt));
    }

    /** The route a dose per kg was judged for; none recorded is judged as IV (it can reach the anaesthetic range). */
    public static String route(Route route) {
        return route == null ? "route not recorded, judged as IV" : route == Route.IM ? "IM" : "IV";
    }

    /** Each early refill: "D2 on 2026-03-10 09:00, 5.2 days after D1 (30 days' supply, 17% elapsed)", joined by "; ". */
    public static String refills(Collection<EarlyRefills.Refill> refills) {
        List<String> parts = new ArrayList<>();
        for (EarlyRefills.Refill r : refills) {
            parts.add(r.refill().id() + " on " + dateTime(r.refill().start()) + ", " + daysRoundedDown(r.elapsedDays())
                    + " days after " + r.prior().id() + " (" + number(r.prior().daysSupply()) + " days' supply, "
                    + r.usedPercent() + "% elapsed)");
        }
        return String.join("; ", parts);
    }

    /** Numbers as {@link #number} gives them, joined by ", ". */
    public static String numbers(Collection<? extends Number> values) {
        List<String> parts = new ArrayList<>();
        for (Number v : values) {
            parts.add(number(v.doubleValue()));
        }
        return String.join(", ", parts);
    }

    /** Liver results against their limits: "ALT 150 U/L (3.75 x ULN), GGT 70 U/L (1.17 x ULN)". */
    public static String liverResults(Collection<LiverPanel.Result> results) {
        List<String> parts = new ArrayList<>();
        for (LiverPanel.Result r : results) {
            Reading reading = r.reading();
            parts.add(r.analyte() + " " + number(reading.value()) + " " + (reading.unit() == null ? "" : reading.unit() + " ")
                    + "(" + number(r.timesUln()) + " x ULN)");
        }
        return String.join(", ", parts);
    }

    /** Liver tests by analyte and unit, sorted: "ALT (ukat/L), GGT (U/mL)". */
    public static String liverTests(Collection<LiverPanel.Result> results) {
        List<String> parts = new ArrayList<>();
        for (LiverPanel.Result r : results) {
            parts.add(r.analyte() + " (" + r.reading().unit() + ")");
        }
        Collections.sort(parts);
        return String.join(", ", parts);
    }

    private static String when(Session s) {
        return SessionSeries.isPlanned(s) ? "planned " + dateTime(s.start()) : dateTime(s.start());
    }
}
