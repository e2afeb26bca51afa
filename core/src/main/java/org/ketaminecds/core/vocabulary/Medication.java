package org.ketaminecds.core.vocabulary;

import java.time.Instant;
import java.util.Set;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.record.MedicationKind;

/**
 * A medication statement, request, administration or dispense that counts.
 *
 * @param id       {@code MedicationStatement/<id>} etc.
 * @param kind     which resource it came from
 * @param concepts value-set concepts of its codes (product codes count as their ingredient)
 * @param status   FHIR status code
 * @param current  a current prescription or an active statement at asOf (a draft order is not)
 * @param start    start of exposure, or {@code null}
 * @param end      end of exposure, or {@code null}
 * @param doseMg   dose in mg, or {@code null}
 * @param route    route, or {@code null}
 */
public record Medication(String id, MedicationKind kind, Set<String> concepts, String status, boolean current,
                         Instant start, Instant end, Double doseMg, Route route) implements Coded, Timed {

    @Override
    public Instant effective() {
        return start;
    }
}
