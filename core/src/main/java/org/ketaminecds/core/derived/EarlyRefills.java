package org.ketaminecds.core.derived;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Medication;

/**
 * Take-home racemic ketamine refills (KET-TOL-006): each take-home dispense of the last TOL_REFILL_LOOKBACK with the
 * take-home dispense before it. Early: handed over before TOL_REFILL_MIN_ELAPSED_PCT of the prior dispense's days'
 * supply had elapsed (exactly that share is not early). Without that days' supply a refill cannot be judged.
 *
 * @param early         the early refills, oldest first
 * @param withoutSupply the refills whose prior dispense has no days' supply, oldest first
 */
public record EarlyRefills(List<Refill> early, List<Refill> withoutSupply) {

    /**
     * A refill and the take-home dispense before it.
     *
     * @param prior  the dispense before
     * @param refill the refill
     */
    public record Refill(Medication prior, Medication refill) {

        long elapsedSeconds() {
            return Duration.between(prior.start(), refill.start()).getSeconds();
        }

        /** Days from the prior dispense to the refill. */
        public double elapsedDays() {
            return elapsedSeconds() / 86400.0;
        }

        /** Share of the prior supply's days elapsed at the refill, in whole percent rounded down. */
        public long usedPercent() {
            return (long) Math.floor(elapsedSeconds() * 100.0 / (prior.daysSupply() * 86400.0));
        }
    }

    public EarlyRefills {
        early = List.copyOf(early);
        withoutSupply = List.copyOf(withoutSupply);
    }

    /** The refills among racemic ketamine dispenses (completed or in progress), given the record's Locations. */
    public static EarlyRefills of(Collection<?> dispenses, Collection<?> places, HomeDestinations homes,
                                  Evaluation ev) {
        List<Medication> series = new ArrayList<>();
        for (Object o : dispenses) {
            Medication m = (Medication) o;
            if (m.start() != null && TakeHome.isTakeHome(m, places, homes)) {
                series.add(m);
            }
        }
        series.sort(Comparator.comparing(Medication::start).thenComparing(Medication::id));
        Instant from = ev.asOf().minus(ev.duration("TOL_REFILL_LOOKBACK"));
        double minPercent = ev.threshold("TOL_REFILL_MIN_ELAPSED_PCT");
        List<Refill> early = new ArrayList<>();
        List<Refill> unknown = new ArrayList<>();
        for (int k = 1; k < series.size(); k++) {
            Refill r = new Refill(series.get(k - 1), series.get(k));
            if (r.refill().start().isBefore(from)) {
                continue;
            }
            Double supply = r.prior().daysSupply();
            if (supply == null) {
                unknown.add(r);
            } else if (r.elapsedSeconds() * 100.0 < minPercent * supply * 86400.0) {
                early.add(r);
            }
        }
        return new EarlyRefills(early, unknown);
    }

    /** The latest early refill; only when there is one. */
    public Refill latestEarly() {
        return early.get(early.size() - 1);
    }

    /** Both dispenses of each early refill. */
    public List<String> earlyIds() {
        return ids(early);
    }

    /** Both dispenses of each refill that cannot be judged. */
    public List<String> withoutSupplyIds() {
        return ids(withoutSupply);
    }

    /** The dispenses without a days' supply that refills followed. */
    public List<String> priorsWithoutSupply() {
        List<String> ids = new ArrayList<>();
        for (Refill r : withoutSupply) {
            ids.add(r.prior().id());
        }
        return ids;
    }

    private static List<String> ids(List<Refill> refills) {
        Set<String> ids = new LinkedHashSet<>();
        for (Refill r : refills) {
            ids.add(r.prior().id());
            ids.add(r.refill().id());
        }
        return new ArrayList<>(ids);
    }
}
