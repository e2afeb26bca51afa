package org.ketaminecds.core.derived;

import java.util.ArrayList;
import java.util.List;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.vocabulary.Evaluation;
import org.ketaminecds.core.vocabulary.Latest;
import org.ketaminecds.core.vocabulary.Medication;
import org.ketaminecds.core.vocabulary.Reading;

/**
 * What is not confirmed before dosing (KET-MON-005): fasting (esketamine) or nil by mouth (ketamine IV/IM or route
 * unknown), nasal-medicine timing (esketamine), escort home (any product). The latest confirmation of each counts; of
 * tied ones, one that is not yes.
 *
 * @param open            the open items, e.g. "fasting", "escort home"
 * @param evidence        the confirmations that said no and the nasal medicines
 * @param warning         an open item is more than informational (nil by mouth for ketamine, escort)
 * @param product         the product every open item speaks for, or {@code null} when they speak for any
 * @param npoOpen         fasting or nil by mouth is not confirmed
 * @param npoForKetamine  that item is ketamine's nil by mouth (else esketamine's fasting)
 * @param nasalTimingOpen the nasal-medicine timing is not confirmed
 * @param escortOpen      the escort is not confirmed
 */
public record PreDosePreparation(List<String> open, List<String> evidence, boolean warning, Product product,
                                 boolean npoOpen, boolean npoForKetamine, boolean nasalTimingOpen, boolean escortOpen) {

    public PreDosePreparation {
        open = List.copyOf(open);
        evidence = List.copyOf(evidence);
    }

    /**
     * Of the confirmations within MON_VISIT_WINDOW before T0 and the current (or recently given) nasal corticosteroids
     * and decongestants.
     */
    public static PreDosePreparation of(List<?> npos, List<?> timings, List<?> escorts, List<?> nasal, Evaluation ev) {
        boolean esk = ev.productMayBe(Product.ESKETAMINE);
        boolean ket = ev.productMayBe(Product.KETAMINE)
                && (ev.route() == null || ev.route() == Route.IV || ev.route() == Route.IM);
        List<String> items = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        boolean warning = false;
        boolean anyProduct = false;
        boolean eskOnly = false;
        boolean ketOnly = false;
        Reading npo = Latest.of(npos, Reading.NOT_TRUE_FIRST);
        boolean npoOpen = (esk || ket) && (npo == null || !npo.isTrue());
        if (npoOpen) {
            items.add(ket ? "nil by mouth" : "fasting");
            warning = ket;
            anyProduct = esk && ket;
            eskOnly = esk && !ket;
            ketOnly = ket && !esk;
            if (npo != null) {
                evidence.add(npo.id());
            }
        }
        boolean nasalOpen = false;
        if (esk) {
            Reading timing = Latest.of(timings, Reading.NOT_TRUE_FIRST);
            List<String> given = new ArrayList<>();
            List<String> current = new ArrayList<>();
            for (Object o : nasal) {
                Medication m = (Medication) o;
                (m.kind() == MedicationKind.ADMINISTRATION ? given : current).add(m.id());
            }
            boolean confirmed = timing != null && timing.isTrue();
            nasalOpen = !given.isEmpty() || (timing != null && timing.isFalse()) || (!current.isEmpty() && !confirmed);
            if (nasalOpen) {
                items.add("nasal-medicine timing");
                eskOnly = true;
                evidence.addAll(given);
                evidence.addAll(current);
                if (timing != null && timing.isFalse()) {
                    evidence.add(timing.id());
                }
            }
        }
        Reading escort = Latest.of(escorts, Reading.NOT_TRUE_FIRST);
        boolean escortOpen = escort == null || !escort.isTrue();
        if (escortOpen) {
            items.add("escort home");
            warning = true;
            anyProduct = true;
            if (escort != null) {
                evidence.add(escort.id());
            }
        }
        Product product = !anyProduct && eskOnly != ketOnly ? (eskOnly ? Product.ESKETAMINE : Product.KETAMINE) : null;
        return new PreDosePreparation(items, evidence, warning, product, npoOpen, ket, nasalOpen, escortOpen);
    }

    /** Some item is open. */
    public boolean anyOpen() {
        return !open.isEmpty();
    }

    /** The open items: "fasting, escort home". */
    public String items() {
        return String.join(", ", open);
    }
}
