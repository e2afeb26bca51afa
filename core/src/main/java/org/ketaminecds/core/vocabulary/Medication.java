package org.ketaminecds.core.vocabulary;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.record.MedicationKind;

/**
 * A medication statement, request, administration or dispense that counts.
 *
 * @param id          {@code MedicationStatement/<id>} etc.
 * @param kind        which resource it came from
 * @param concepts    value-set concepts of its codes (a product code counts as its ingredient)
 * @param ingredients RxNorm ingredient codes (products mapped through the package's concept maps)
 * @param status      FHIR status code
 * @param current     a current prescription or an active statement at asOf (a draft order is not)
 * @param start       start of exposure, or {@code null}
 * @param end         end of exposure, or {@code null}
 * @param doseMg      dose per administration in mg, or {@code null}
 * @param dailyDoseMg dose in mg per day (dose x frequency per day), or {@code null} when not computable
 * @param route       route, or {@code null}
 * @param encounter   the session Encounter of an administration ({@code context}), or {@code null}
 * @param authoredOn  when a request was written ({@code authoredOn}), or {@code null}
 * @param daysSupply  a dispense's days' supply in days, or {@code null} when absent or not in a unit of time
 * @param prescriber  who prescribed it ({@code Practitioner/x}, or a requester identifier), or {@code null}
 * @param prescription the MedicationRequest a dispense fills ({@code authorizingPrescription}), or {@code null}
 * @param receivers   who collected a dispense ({@code receiver} references, e.g. {@code Patient/x})
 * @param destination where a dispense was sent ({@code Location/x}), or {@code null}
 */
public record Medication(String id, MedicationKind kind, Set<String> concepts, Set<String> ingredients, String status,
                         boolean current, Instant start, Instant end, Double doseMg, Double dailyDoseMg, Route route,
                         String encounter, Instant authoredOn, Double daysSupply, String prescriber,
                         String prescription, List<String> receivers, String destination)
        implements Coded, Timed {

    public Medication {
        receivers = List.copyOf(receivers);
    }

    /** True when a Patient collected it (a dispense handed to the patient). */
    public boolean receivedByPatient() {
        for (String r : receivers) {
            if (r.startsWith("Patient/")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Instant effective() {
        return start;
    }

    /** Length of exposure up to {@code asOf} (or to its end), or {@link Duration#ZERO} without a start. */
    public Duration exposure(Instant asOf) {
        if (start == null) {
            return Duration.ZERO;
        }
        Instant stop = end == null || end.isAfter(asOf) ? asOf : end;
        return stop.isBefore(start) ? Duration.ZERO : Duration.between(start, stop);
    }

    /** True when it ended (or stopped) no more than {@code length} before {@code asOf}. */
    public boolean endedWithin(Instant asOf, Duration length) {
        return end != null && !end.isAfter(asOf) && !end.isBefore(asOf.minus(length));
    }
}
