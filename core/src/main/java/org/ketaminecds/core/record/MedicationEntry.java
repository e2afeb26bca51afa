package org.ketaminecds.core.record;

import java.time.Instant;
import java.util.List;

/**
 * A medication statement, request, administration or dispense.
 *
 * @param id              {@code MedicationRequest/<id>} etc.
 * @param kind            which FHIR resource it came from
 * @param codes           codings of the medication (RxNorm ingredient or product, NDC)
 * @param text            medication text, or {@code null}
 * @param status          FHIR status code
 * @param intent          {@code MedicationRequest.intent}, or {@code null}
 * @param start           start of exposure: effective period start, administration start, or {@code null}
 * @param end             end of exposure or of validity, or {@code null}
 * @param authoredOn      {@code MedicationRequest.authoredOn}, or {@code null}
 * @param dose            dose per administration, or {@code null}
 * @param dailyFrequency  administrations per day from {@code timing.repeat}, or {@code null}
 * @param route           codings of the route
 * @param plannedTime     {@code dosageInstruction[0].timing.event[0]}: the planned dose time, or {@code null}
 * @param encounter       the session {@code Encounter} reference, or {@code null}
 * @param daysSupply      {@code MedicationDispense.daysSupply}, or {@code null}
 * @param prescriber      who prescribed it: {@code MedicationRequest.requester} (a {@code Practitioner}, or a
 *                        {@code PractitionerRole} resolved to its practitioner when the record has it); for a dispense,
 *                        the requester of its authorizing prescription; or {@code null} when not known
 * @param prescription    {@code MedicationDispense.authorizingPrescription}: the MedicationRequest it fills, or
 *                        {@code null}
 * @param receivers       {@code MedicationDispense.receiver} references (who collected it)
 * @param destination     {@code MedicationDispense.destination}: the Location it was sent to, or {@code null}
 */
public record MedicationEntry(
        String id,
        MedicationKind kind,
        List<Coding> codes,
        String text,
        String status,
        String intent,
        Instant start,
        Instant end,
        Instant authoredOn,
        Quantity dose,
        Double dailyFrequency,
        List<Coding> route,
        Instant plannedTime,
        String encounter,
        Quantity daysSupply,
        String prescriber,
        String prescription,
        List<String> receivers,
        String destination) {

    public MedicationEntry {
        codes = List.copyOf(codes);
        route = List.copyOf(route);
        receivers = List.copyOf(receivers);
    }

    /** An entry without days' supply, prescriber, authorizing prescription, receivers or destination. */
    public MedicationEntry(String id, MedicationKind kind, List<Coding> codes, String text, String status, String intent,
                           Instant start, Instant end, Instant authoredOn, Quantity dose, Double dailyFrequency,
                           List<Coding> route, Instant plannedTime, String encounter) {
        this(id, kind, codes, text, status, intent, start, end, authoredOn, dose, dailyFrequency, route, plannedTime,
                encounter, null, null, null, List.of(), null);
    }
}
