package org.ketaminecds.core.derived;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.vocabulary.BloodPressure;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Latest;
import org.ketaminecds.core.vocabulary.LatestBloodPressure;
import org.ketaminecds.core.vocabulary.Reading;
import org.ketaminecds.core.vocabulary.Session;

/**
 * The discharge criteria of a session judged at the discharge time (KET-MON-013): elapsed time (as KET-MON-012), the
 * final BP (below BP_TIER_B and not rising), MOAA/s, dissociation resolved, SpO2, ambulating safely, escort, and no
 * sign of a hypertensive crisis (KET-MON-008).
 *
 * @param unmet        each criterion documented as not met, e.g. "SpO2 91%"
 * @param undocumented each criterion not documented, e.g. "MOAA/s"
 * @param evidence     the resources that show the unmet criteria
 */
public record DischargeCriteria(List<String> unmet, List<String> undocumented, List<String> evidence) {

    public DischargeCriteria {
        unmet = List.copyOf(unmet);
        undocumented = List.copyOf(undocumented);
        evidence = List.copyOf(evidence);
    }

    /**
     * Judges the criteria.
     *
     * @param administrations the record's ketamine/esketamine administrations
     * @param bps             BP readings from the pre-dose window to the discharge time
     * @param readings        MOAA/s, dissociation, SpO2, ambulation and escort readings from MON_VISIT_WINDOW before T0
     * @param crisisReadings  crisis symptoms in the session ({@link HypertensiveCrisis})
     * @param crisisDiagnoses crisis diagnoses in the session
     */
    public static DischargeCriteria judge(Evaluation ev, Session s, List<?> administrations, List<?> bps,
                                          List<?> readings, List<?> crisisReadings, List<?> crisisDiagnoses) {
        List<String> unmet = new ArrayList<>();
        List<String> undocumented = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        boolean esk = ev.productMayBe(Product.ESKETAMINE);
        boolean ket = ev.productMayBe(Product.KETAMINE);
        Instant dosingEnd = SessionTimes.dosingEnd(s, administrations, ev);
        if (esk && ev.discharge().isBefore(ev.t0().plus(ev.duration("OBS_MIN_ESK")))) {
            unmet.add("observed " + ClinicalText.minutes(ev.t0(), ev.discharge()) + " of "
                    + ev.thresholds().describe("OBS_MIN_ESK"));
            evidence.addAll(s.administrations());
        }
        if (ket && dosingEnd == null) {
            unmet.add("dosing has not ended");
            evidence.addAll(s.administrations());
        } else if (ket && ev.discharge().isBefore(dosingEnd.plus(ev.duration("OBS_MIN_KET")))) {
            unmet.add("recovered " + ClinicalText.minutes(dosingEnd, ev.discharge()) + " of "
                    + ev.thresholds().describe("OBS_MIN_KET"));
            evidence.addAll(s.administrations());
        }
        finalBp(ev, esk, ket, dosingEnd, bps, unmet, undocumented, evidence);
        List<Reading> moaas = new ArrayList<>();
        List<Reading> resolved = new ArrayList<>();
        List<Reading> spo2 = new ArrayList<>();
        List<Reading> ambulating = new ArrayList<>();
        List<Reading> escort = new ArrayList<>();
        for (Object o : readings) {
            Reading r = (Reading) o;
            boolean inSession = MonitoringWindows.inSession(r, ev);
            if (r.isA("LOCAL#moaas-score") && inSession && r.value() != null) {
                moaas.add(r);
            }
            if (r.isA("LOCAL#dissociation-resolved") && inSession) {
                resolved.add(r);
            }
            if (r.isA("VS-SPO2") && inSession && r.value() != null) {
                spo2.add(r);
            }
            if (r.isA("LOCAL#ambulating-safely") && inSession) {
                ambulating.add(r);
            }
            if (r.isA("LOCAL#escort-confirmed")) {
                escort.add(r);
            }
        }
        Reading m = Latest.of(moaas, Reading.LOWER_VALUE_FIRST);
        if (m == null) {
            undocumented.add("MOAA/s");
        } else if (m.value() < ev.threshold("MON_MOAAS_ALERT")) {
            unmet.add("MOAA/s " + ClinicalText.number(m.value()) + " (not fully alert)");
            evidence.add(m.id());
        }
        yesNo(Latest.of(resolved, Reading.NOT_TRUE_FIRST), "dissociation resolved", "dissociation not resolved", unmet,
                undocumented, evidence);
        Reading sat = Latest.of(spo2, Reading.LOWER_VALUE_FIRST);
        if (sat == null) {
            undocumented.add("SpO2");
        } else if (sat.value() < ev.threshold("SPO2_WARN")) {
            unmet.add("SpO2 " + ClinicalText.number(sat.value()) + "%");
            evidence.add(sat.id());
        }
        yesNo(Latest.of(ambulating, Reading.NOT_TRUE_FIRST), "ambulating safely", "not ambulating safely", unmet,
                undocumented, evidence);
        yesNo(Latest.of(escort, Reading.NOT_TRUE_FIRST), "escort", "no escort", unmet, undocumented, evidence);
        if (!crisisReadings.isEmpty() || !crisisDiagnoses.isEmpty()) {
            unmet.add("symptoms of hypertensive crisis (KET-MON-008)");
            evidence.addAll(EvidenceIds.of(crisisReadings));
            evidence.addAll(EvidenceIds.of(crisisDiagnoses));
        }
        return new DischargeCriteria(unmet, undocumented, evidence);
    }

    /** Some criterion is documented as not met. */
    public boolean anyUnmet() {
        return !unmet.isEmpty();
    }

    /** Some criterion is not documented. */
    public boolean anyUndocumented() {
        return !undocumented.isEmpty();
    }

    /** Whether a criterion about the final BP is undocumented. */
    public boolean bpUndocumented() {
        return undocumented.stream().anyMatch(item -> item.contains("BP"));
    }

    /** Whether the criterion named {@code item} ("ambulating safely", "escort") is undocumented. */
    public boolean undocumented(String item) {
        return undocumented.contains(item);
    }

    /** Every unmet criterion, then the undocumented ones: "a; b; not documented: c, d". */
    public String items() {
        return String.join("; ", unmet) + (undocumented.isEmpty() ? ""
                : (unmet.isEmpty() ? "" : "; ") + "not documented: " + String.join(", ", undocumented));
    }

    /** The undocumented criteria: "c, d". */
    public String undocumentedList() {
        return String.join(", ", undocumented);
    }

    /** "a; b (+2 more)" within about 80 characters, then how many criteria are undocumented, for a one-line summary. */
    public String shortList() {
        StringBuilder text = new StringBuilder();
        int shown = 0;
        for (String item : unmet) {
            if (shown > 0 && text.length() + item.length() > 70) {
                break;
            }
            text.append(shown == 0 ? "" : "; ").append(item);
            shown++;
        }
        if (shown < unmet.size()) {
            text.append(" (+").append(unmet.size() - shown).append(" more)");
        }
        if (!undocumented.isEmpty()) {
            text.append("; ").append(undocumented.size()).append(" not documented");
        }
        return text.toString();
    }

    /** The final BP: after the 40-min check (esketamine) and after the end of dosing (ketamine), per component. */
    private static void finalBp(Evaluation ev, boolean esk, boolean ket, Instant dosingEnd, List<?> bps,
                                List<String> unmet, List<String> undocumented, List<String> evidence) {
        Instant eskAfter = ev.t0().plus(ev.duration("MON_ESK_BP_CHECK_TO"));
        Instant checkFrom = ev.t0().plus(ev.duration("MON_ESK_BP_CHECK_FROM"));
        for (BloodPressure bp : MonitoringWindows.<BloodPressure>sortedByTime(bps)) {
            if (MonitoringWindows.between(bp, checkFrom, ev.t0().plus(ev.duration("MON_ESK_BP_CHECK_TO")))) {
                eskAfter = bp.effective();
            }
        }
        List<BloodPressure> finals = new ArrayList<>();
        for (Object o : bps) {
            BloodPressure bp = (BloodPressure) o;
            if (!bp.effective().isBefore(ev.t0()) && (!esk || bp.effective().isAfter(eskAfter))
                    && (!ket || (dosingEnd != null && !bp.effective().isBefore(dosingEnd)))) {
                finals.add(bp);
            }
        }
        LatestBloodPressure last = LatestBloodPressure.of(finals);
        String after = esk ? "after the 40-min check" : "after the end of dosing";
        if (!last.complete()) {
            undocumented.add(last.isEmpty() ? "a BP " + after : "a " + last.missing() + " BP " + after);
            return;
        }
        LatestBloodPressure previous = last.previousIn(bps);
        if (last.atLeast(ev.threshold("BP_TIER_B_SYSTOLIC"), ev.threshold("BP_TIER_B_DIASTOLIC"))) {
            unmet.add("BP " + last.display() + " at or above the hold tier");
            evidence.addAll(last.evidence());
        } else if (!previous.complete()) {
            undocumented.add("a previous BP to show the trend");
        } else if (last.higherThan(previous)) {
            unmet.add("BP " + last.display() + " higher than the previous " + previous.display());
            evidence.addAll(last.evidence());
            evidence.addAll(previous.evidence());
        }
    }

    private static void yesNo(Reading latest, String missing, String no, List<String> unmet, List<String> undocumented,
                              List<String> evidence) {
        if (latest == null) {
            undocumented.add(missing);
        } else if (!latest.isTrue()) {
            unmet.add(no);
            evidence.add(latest.id());
        }
    }
}
