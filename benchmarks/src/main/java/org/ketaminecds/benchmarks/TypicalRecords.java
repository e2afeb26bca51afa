package org.ketaminecds.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.ketaminecds.core.record.AllergyEntry;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.EncounterEntry;
import org.ketaminecds.core.record.ConditionEntry;
import org.ketaminecds.core.record.MedicationEntry;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.record.ObservationEntry;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.record.Quantity;
import org.ketaminecds.core.record.Sex;

/** The inputs the benchmarks measure: a typical record (about 100 facts) and a 50-resource Synthea bundle. */
final class TypicalRecords {

    static final Instant AS_OF = Instant.parse("2026-03-01T09:00:00Z");

    private TypicalRecords() {
    }

    /**
     * A record the size DESIGN.md calls typical: 12 conditions, 60 observations (20 BP panels), 20 medications,
     * 4 allergies, a planned esketamine order: about 100 facts.
     */
    static PatientRecord typical() {
        return typicalBuilder().build();
    }

    private static PatientRecord.Builder typicalBuilder() {
        PatientRecord.Builder b = PatientRecord.builder("Patient/typical").birthDate(LocalDate.of(1979, 5, 14)).sex(Sex.FEMALE);
        String[][] conditions = {{"F33.2"}, {"I10"}, {"E11.9"}, {"J45.909"}, {"F41.1"}, {"M54.5"}, {"E78.5"}, {"K21.9"},
                {"G43.909"}, {"F17.210"}, {"N39.0"}, {"Z79.899"}};
        for (int i = 0; i < conditions.length; i++) {
            b.condition(ConditionEntry.active("Condition/c" + i, AS_OF.minus(400 + i * 30, ChronoUnit.DAYS),
                    Coding.of(Coding.ICD10CM, conditions[i][0])));
        }
        for (int i = 0; i < 20; i++) {
            b.observation(new ObservationEntry("Observation/bp" + i, List.of(Coding.of(Coding.LOINC, "85354-9")), "final",
                    AS_OF.minus(i * 7L, ChronoUnit.DAYS).minus(20, ChronoUnit.MINUTES), null, null, List.of(), null,
                    List.of(component("8480-6", 118 + i), component("8462-4", 76 + i % 10)), null, List.of(), List.of(), null));
        }
        for (int i = 0; i < 40; i++) {
            String[] code = switch (i % 4) {
                case 0 -> new String[] {"8867-4", "/min", "72"};
                case 1 -> new String[] {"29463-7", "kg", "70"};
                case 2 -> new String[] {"44261-6", "{score}", "17"};
                default -> new String[] {"1742-6", "U/L", "31"};
            };
            b.observation(ObservationEntry.quantity("Observation/o" + i, Coding.of(Coding.LOINC, code[0]),
                    AS_OF.minus(i * 5L, ChronoUnit.DAYS), Quantity.of(Double.parseDouble(code[2]), code[1])));
        }
        String[] drugs = {"36437", "39786", "42347", "314076", "310798", "860975", "197361", "617314", "308136", "1049621"};
        for (int i = 0; i < 20; i++) {
            boolean statement = i % 2 == 0;
            b.medication(new MedicationEntry((statement ? "MedicationStatement/m" : "MedicationRequest/m") + i,
                    statement ? MedicationKind.STATEMENT : MedicationKind.REQUEST,
                    List.of(Coding.of(Coding.RXNORM, drugs[i % drugs.length])), null, i < 10 ? "completed" : "active",
                    statement ? null : "order", AS_OF.minus(300 - i * 10L, ChronoUnit.DAYS), null,
                    statement ? null : AS_OF.minus(300 - i * 10L, ChronoUnit.DAYS), Quantity.of(50, "mg"), 1.0,
                    List.of(), null, null));
        }
        b.medication(new MedicationEntry("MedicationRequest/plan", MedicationKind.REQUEST,
                List.of(Coding.of(Coding.RXNORM, "2201625")), null, "active", "order", null, null,
                AS_OF.minus(3, ChronoUnit.DAYS), Quantity.of(56, "mg"), null,
                List.of(Coding.of(Coding.SNOMED, "46713006")), AS_OF.plus(10, ChronoUnit.MINUTES), null));
        for (int i = 0; i < 4; i++) {
            b.allergy(new AllergyEntry("AllergyIntolerance/a" + i, List.of(Coding.of(Coding.RXNORM, "7980" + i)), "active", null));
        }
        return b;
    }

    /**
     * The typical record of a patient in an esketamine course, for the post-dose and review modes: {@link #typical()}
     * plus 8 past twice-weekly sessions (an outpatient session Encounter, a 56 mg nasal administration, BP before
     * dosing, at 40 min and at 2 h) and today's session, begun 45 minutes before {@link #AS_OF} with its pre-dose and
     * 40-minute BP: about 140 facts.
     */
    static PatientRecord inCourse() {
        PatientRecord.Builder b = typicalBuilder();
        for (int i = 0; i <= 8; i++) {
            Instant start = i == 0 ? AS_OF.minus(45, ChronoUnit.MINUTES)
                    : AS_OF.minus(i * 84L, ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
            String encounter = "Encounter/s" + i;
            b.encounter(new EncounterEntry(encounter, i == 0 ? "in-progress" : "finished", "AMB",
                    List.of(new Coding(Coding.LOCAL, "ketamine-session", null)), start,
                    i == 0 ? null : start.plus(150, ChronoUnit.MINUTES), null, List.of()));
            b.medication(new MedicationEntry("MedicationAdministration/s" + i, MedicationKind.ADMINISTRATION,
                    List.of(Coding.of(Coding.RXNORM, "2201625")), null, "completed", null, start, null, null,
                    Quantity.of(56, "mg"), null, List.of(Coding.of(Coding.SNOMED, "46713006")), null, encounter));
            int[] minutes = i == 0 ? new int[] {-5, 40} : new int[] {-5, 40, 120};
            for (int m : minutes) {
                b.observation(new ObservationEntry("Observation/s" + i + "bp" + m, List.of(Coding.of(Coding.LOINC, "85354-9")),
                        "final", start.plus(m, ChronoUnit.MINUTES), null, null, List.of(), null,
                        List.of(component("8480-6", 124 + m / 10), component("8462-4", 78)), null, List.of(), List.of(),
                        encounter));
            }
        }
        return b.build();
    }

    private static ObservationEntry.Component component(String loinc, double value) {
        return new ObservationEntry.Component(List.of(Coding.of(Coding.LOINC, loinc)), Quantity.of(value, "mm[Hg]"), List.of());
    }

    /**
     * A 50-resource bundle cut from a real Synthea patient: the Patient and the first 49 Conditions, Observations
     * and MedicationRequests. The shared data folder is {@code -Dketamine.shared=...} (default {@code ../shared},
     * as when running from the repository root).
     */
    static String syntheaBundleOf50() {
        Path dir = Path.of(System.getProperty("ketamine.shared", "../shared"), "data/external-fhir/synthea-3.3.0-generated");
        Path file = dir.resolve("Abe604_Gottlieb798_221e0ad9-c0ef-10ab-f409-fb514acb47fc.json");
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode bundle = json.readTree(Files.readAllBytes(file));
            ObjectNode cut = json.createObjectNode().put("resourceType", "Bundle").put("type", "collection");
            ArrayNode entries = cut.putArray("entry");
            Set<String> kept = Set.of("Condition", "Observation", "MedicationRequest");
            for (JsonNode e : bundle.path("entry")) {
                String type = e.path("resource").path("resourceType").asText();
                if (type.equals("Patient") || (kept.contains(type) && entries.size() < 50)) {
                    entries.add(e);
                }
            }
            return json.writeValueAsString(cut);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (run from the repository root, or set -Dketamine.shared)", e);
        }
    }
}
