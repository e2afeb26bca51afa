package org.ketaminecds.core.vocabulary;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.Route;

/**
 * One ketamine or esketamine treatment session: the administrations of one session Encounter or, without
 * encounters, administrations less than 2 h apart (knowledge-base §2.5).
 *
 * @param id              the session Encounter ({@code Encounter/x}), or {@code Session/<first administration>}
 * @param product         esketamine or ketamine, or {@code null} when the codes do not say
 * @param start           start of the first device or of the infusion: the session's T0
 * @param end             end of the session: the Encounter's end, else the last administration's end or start
 * @param doseMg          total dose in mg, or {@code null} when an administration has no dose in mg
 * @param route           route of the first administration, or {@code null}
 * @param administrations the MedicationAdministration ids, in time order
 * @param outpatient      the Encounter class is AMB (REMS Patient Monitoring Form applies); {@code false} when
 *                        inpatient or unknown
 * @param encounterClass  the Encounter's class code (AMB, IMP, ...), or {@code null}
 * @param number          1 for the first session of the record, counting every product
 * @param latest          the most recent session (the current one in post-dose mode)
 */
public record Session(String id, Product product, Instant start, Instant end, Double doseMg, Route route,
                      List<String> administrations, boolean outpatient, String encounterClass, int number,
                      boolean latest) implements Timed {

    public Session {
        administrations = List.copyOf(administrations);
    }

    @Override
    public Instant effective() {
        return start;
    }

    /** Time from {@code earlier}'s start to this session's start. */
    public Duration since(Session earlier) {
        return Duration.between(earlier.start, start);
    }
}
