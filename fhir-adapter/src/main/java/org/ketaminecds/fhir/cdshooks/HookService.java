package org.ketaminecds.fhir.cdshooks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The four services of DESIGN.md, with the prefetch templates for the data their rules read (knowledge base §2.5):
 * the record's conditions, observations, medications (statements, requests, administrations, dispenses), allergies,
 * flags and encounters; consents and care plans only where candidacy rules run. Procedures, organisations and
 * locations are read by no rule and are not asked for.
 */
enum HookService {

    PATIENT_VIEW("ketamine-cds-patient-view", "patient-view", "Ketamine/esketamine: candidacy or course review",
            "When a chart opens: a periodic review when ketamine or esketamine was given in the last 90 days, else a"
                    + " candidacy review (contraindications, work-up, suitability). Decision support, not a decision.",
            true),
    ORDER_SELECT("ketamine-cds-order-select", "order-select", "Ketamine/esketamine order check",
            "When a ketamine or esketamine order is selected: contraindications, tolerance and dependence, and the"
                    + " monitoring plan for that order. Silent for other orders.", true),
    ORDER_SIGN("ketamine-cds-order-sign", "order-sign", "Ketamine/esketamine order check at signing",
            "When a ketamine or esketamine order is signed: contraindications, tolerance and dependence, and the"
                    + " monitoring plan for that order. Silent for other orders.", true),
    ENCOUNTER_START("ketamine-cds-encounter-start", "encounter-start", "Ketamine/esketamine pre-dose check",
            "When an encounter starts for a patient with a ketamine or esketamine order or course: the pre-dose"
                    + " checks (vital signs, suicidality screen, REMS, contraindications). Silent for other patients.",
            false);

    static final String PATIENT = "{{context.patientId}}";

    final String id;
    final String hook;
    final String title;
    final String description;
    final Map<String, String> prefetch;

    HookService(String id, String hook, String title, String description, boolean candidacyRules) {
        this.id = id;
        this.hook = hook;
        this.title = title;
        this.description = description;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("patient", "Patient/" + PATIENT);
        if ("encounter-start".equals(hook)) {
            p.put("encounter", "Encounter/{{context.encounterId}}");
        }
        p.put("conditions", "Condition?patient=" + PATIENT);
        p.put("observations", "Observation?patient=" + PATIENT);
        p.put("medicationStatements", "MedicationStatement?patient=" + PATIENT);
        // A prescriber named through a PractitionerRole comes along: KET-TOL-006 counts prescribers, not their roles.
        p.put("medicationRequests", "MedicationRequest?patient=" + PATIENT
                + "&_include=MedicationRequest:requester:PractitionerRole");
        p.put("medicationAdministrations", "MedicationAdministration?patient=" + PATIENT);
        // The destination Location comes along: KET-TOL-006 tells a take-home dispense by where it was sent.
        p.put("medicationDispenses", "MedicationDispense?patient=" + PATIENT + "&_include=MedicationDispense:destination");
        p.put("allergies", "AllergyIntolerance?patient=" + PATIENT);
        p.put("flags", "Flag?patient=" + PATIENT);
        p.put("encounters", "Encounter?patient=" + PATIENT);
        if (candidacyRules) {
            p.put("consents", "Consent?patient=" + PATIENT);
            p.put("carePlans", "CarePlan?patient=" + PATIENT);
        }
        this.prefetch = java.util.Collections.unmodifiableMap(p);
    }

    /** Resource types that arrive in another key's searchset through {@code _include}, and that key. */
    static final Map<String, String> INCLUDED = Map.of("Location", "medicationDispenses",
            "PractitionerRole", "medicationRequests");

    boolean isOrderHook() {
        return this == ORDER_SELECT || this == ORDER_SIGN;
    }

    CdsHooksJson.Service descriptor() {
        return new CdsHooksJson.Service(hook, title, description, id, prefetch, null);
    }

    static HookService byId(String id) {
        for (HookService s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        return null;
    }
}
