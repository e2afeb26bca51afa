package org.ketaminecds.core.derived;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Latest;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;

/**
 * Whether the benefit of each session is shrinking (KET-TOL-010). Baseline: the latest PHQ-9 on or before the first
 * session (of scores tied, the lower: a relapse to within TOL_RELAPSE_WITHIN_BASELINE_PCT of it is seen sooner, the
 * safer reading). For each of the last TOL_BENEFIT_CYCLES sessions, the first PHQ-9 after it (up to the next session,
 * or asOf) back within TOL_RELAPSE_WITHIN_BASELINE_PCT of baseline. Shrinking: each cycle's relapse strictly sooner
 * than the one before.
 *
 * @param baseline the baseline PHQ-9, or {@code null}
 * @param cycles   the last TOL_BENEFIT_CYCLES cycles, oldest first; empty without a baseline or with fewer sessions
 * @param verdict  what the cycles show
 */
public record BenefitCycles(Reading baseline, List<Cycle> cycles, BenefitVerdict verdict) {


    /**
     * One session and what followed it.
     *
     * @param session  the session
     * @param relapse  the first PHQ-9 of the cycle back near baseline, or {@code null}
     * @param measured whether the cycle has any PHQ-9
     */
    public record Cycle(Session session, Reading relapse, boolean measured) {
    }

    public BenefitCycles {
        cycles = List.copyOf(cycles);
    }

    public static BenefitCycles of(Collection<?> phq, Collection<?> sessions, Evaluation ev) {
        Reading baseline = baseline(phq, TreatmentSpan.first(sessions));
        int n = (int) ev.threshold("TOL_BENEFIT_CYCLES");
        List<Session> series = new ArrayList<>();
        for (Object o : sessions) {
            series.add((Session) o);
        }
        series.sort(SessionSeries.IN_TIME_ORDER);
        if (baseline == null) {
            return new BenefitCycles(null, List.of(), BenefitVerdict.UNKNOWN);
        }
        if (series.size() < n) {
            return new BenefitCycles(baseline, List.of(), BenefitVerdict.NOT_SHOWN);
        }
        double relapseAt = baseline.value() * (1 - ev.threshold("TOL_RELAPSE_WITHIN_BASELINE_PCT") / 100.0);
        List<Cycle> cycles = new ArrayList<>();
        for (int k = series.size() - n; k < series.size(); k++) {
            Session s = series.get(k);
            Instant end = k + 1 < series.size() ? series.get(k + 1).start() : ev.asOf();
            Reading relapse = null;
            boolean measured = false;
            for (Object o : phq) {
                Reading r = (Reading) o;
                if (r.effective() == null || !r.effective().isAfter(s.start()) || r.effective().isAfter(end)) {
                    continue;
                }
                measured = true;
                if (r.value() >= relapseAt && (relapse == null || r.effective().isBefore(relapse.effective()))) {
                    relapse = r;
                }
            }
            cycles.add(new Cycle(s, relapse, measured));
        }
        return new BenefitCycles(baseline, cycles, verdict(cycles));
    }

    private static Reading baseline(Collection<?> phq, Instant first) {
        List<Reading> before = new ArrayList<>();
        for (Object o : phq) {
            Reading r = (Reading) o;
            if (first != null && r.effective() != null && !r.effective().isAfter(first)) {
                before.add(r);
            }
        }
        return Latest.of(before, Reading.LOWER_VALUE_FIRST);
    }

    private static BenefitVerdict verdict(List<Cycle> cycles) {
        boolean unknown = false;
        long previous = Long.MAX_VALUE;
        boolean shrinking = true;
        for (Cycle c : cycles) {
            if (c.relapse() == null) {
                if (c.measured()) {
                    return BenefitVerdict.NOT_SHOWN; // benefit held through this cycle
                }
                unknown = true;
                continue;
            }
            long minutes = Duration.between(c.session().start(), c.relapse().effective()).toMinutes();
            shrinking &= minutes < previous;
            previous = minutes;
        }
        return unknown ? BenefitVerdict.UNKNOWN : shrinking ? BenefitVerdict.SHRINKING : BenefitVerdict.NOT_SHOWN;
    }

    /** Days from each session to its relapse (only when shrinking: every cycle relapsed). */
    public List<Double> relapseDays() {
        List<Double> days = new ArrayList<>();
        for (Cycle c : cycles) {
            days.add(Duration.between(c.session().start(), c.relapse().effective()).toMinutes() / 1440.0);
        }
        return days;
    }

    /** The baseline and each relapse (only when shrinking). */
    public List<String> evidence() {
        List<String> ids = new ArrayList<>();
        ids.add(baseline.id());
        for (Cycle c : cycles) {
            ids.add(c.relapse().id());
        }
        return ids;
    }

    /** The sessions after which no PHQ-9 was recorded. */
    public List<Session> unmeasured() {
        List<Session> out = new ArrayList<>();
        for (Cycle c : cycles) {
            if (!c.measured()) {
                out.add(c.session());
            }
        }
        return out;
    }
}
