package org.ketaminecds.core.derived;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Reading;

/**
 * The latest liver tests after repeated exposure (KET-TOL-008), each against its upper limit of normal: the lab's
 * reference range, else the TOL_ULN_* default when the result is in that default's unit (U/L; mg/dL for bilirubin),
 * else unknown. Critical: ALT or AST above TOL_DILI_AMINOTRANSFERASE_MULT x ULN, ALP above TOL_DILI_ALP_MULT x ULN,
 * bilirubin above TOL_DILI_TBILI_MULT x ULN; above the limit: ALT, AST, ALP or GGT above 1 x ULN (bilirubin counts
 * only for the critical branch).
 *
 * @param results      one per liver test result of a known analyte
 * @param worst        the worst band of any result
 * @param atWorst      the results in the worst band, by reading id
 * @param unknownLimit the results whose upper limit is unknown
 */
public record LiverPanel(List<Result> results, LiverBand worst, List<Result> atWorst, List<Result> unknownLimit) {


    /**
     * One result.
     *
     * @param reading  the reading
     * @param analyte  ALT, AST, ALP, GGT or bilirubin
     * @param ulnName  the default limit's threshold name (TOL_ULN_ALT ...)
     * @param uln      the upper limit in force, or {@code null} when unknown
     * @param band     where the result lies
     */
    public record Result(Reading reading, String analyte, String ulnName, Double uln, LiverBand band) {

        /** The result as a multiple of its upper limit. */
        public double timesUln() {
            return reading.value() / uln;
        }
    }

    public LiverPanel {
        results = List.copyOf(results);
        atWorst = List.copyOf(atWorst);
        unknownLimit = List.copyOf(unknownLimit);
    }

    /** The panel of the given results (the latest of each liver test); readings of no known analyte are left out. */
    public static LiverPanel of(Collection<?> labs, Evaluation ev) {
        List<Result> results = new ArrayList<>();
        for (Object o : labs) {
            Reading r = (Reading) o;
            String analyte = analyte(r);
            if (analyte != null) {
                String ulnName = "bilirubin".equals(analyte) ? "TOL_ULN_TBILI" : "TOL_ULN_" + analyte;
                Double uln = uln(r, analyte, ulnName, ev);
                results.add(new Result(r, analyte, ulnName, uln, uln == null ? LiverBand.NORMAL : band(r, analyte, uln, ev)));
            }
        }
        LiverBand worst = worst(results);
        return new LiverPanel(results, worst, atLeast(results, worst), unknownLimit(results));
    }

    private static LiverBand worst(List<Result> results) {
        LiverBand worst = LiverBand.NORMAL;
        for (Result r : results) {
            if (r.band().compareTo(worst) > 0) {
                worst = r.band();
            }
        }
        return worst;
    }

    private static List<Result> atLeast(List<Result> results, LiverBand band) {
        List<Result> out = new ArrayList<>();
        for (Result r : results) {
            if (r.band().compareTo(band) >= 0) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparing(r -> r.reading().id()));
        return out;
    }

    /** The readings of {@link #atWorst}. */
    public List<String> atWorstIds() {
        List<String> ids = new ArrayList<>();
        for (Result r : atWorst) {
            ids.add(r.reading().id());
        }
        return ids;
    }

    /** The default upper limits the judged results used (those without a reference range), sorted. */
    public String[] defaultLimitsUsed() {
        TreeSet<String> names = new TreeSet<>();
        for (Result r : results) {
            if (r.reading().referenceHigh() == null && r.uln() != null) {
                names.add(r.ulnName());
            }
        }
        return names.toArray(new String[0]);
    }

    private static List<Result> unknownLimit(List<Result> results) {
        List<Result> out = new ArrayList<>();
        for (Result r : results) {
            if (r.uln() == null) {
                out.add(r);
            }
        }
        return out;
    }

    /** The readings of {@link #unknownLimit}. */
    public List<String> unknownLimitIds() {
        List<String> ids = new ArrayList<>();
        for (Result r : unknownLimit) {
            ids.add(r.reading().id());
        }
        return ids;
    }

    private static String analyte(Reading r) {
        return r.isA("VS-ALT") ? "ALT" : r.isA("VS-AST") ? "AST" : r.isA("VS-ALP") ? "ALP" : r.isA("VS-GGT") ? "GGT"
                : r.isA("VS-TBILI") ? "bilirubin" : null;
    }

    private static Double uln(Reading r, String analyte, String ulnName, Evaluation ev) {
        if (r.referenceHigh() != null && r.referenceHigh() > 0) {
            return r.referenceHigh();
        }
        String unit = "bilirubin".equals(analyte) ? "mg/dL" : "U/L";
        return unit.equals(r.unit()) ? ev.threshold(ulnName) : null;
    }

    private static LiverBand band(Reading r, String analyte, double uln, Evaluation ev) {
        double times = r.value() / uln;
        if ((analyte.equals("ALT") || analyte.equals("AST")) && times > ev.threshold("TOL_DILI_AMINOTRANSFERASE_MULT")
                || analyte.equals("ALP") && times > ev.threshold("TOL_DILI_ALP_MULT")) {
            return LiverBand.INJURY;
        }
        if (analyte.equals("bilirubin")) {
            return times > ev.threshold("TOL_DILI_TBILI_MULT") ? LiverBand.INJURY : LiverBand.NORMAL;
        }
        return times > 1 ? LiverBand.ABOVE_LIMIT : LiverBand.NORMAL;
    }
}
