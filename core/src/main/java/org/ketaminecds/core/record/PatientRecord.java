package org.ketaminecds.core.record;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One patient's record, as the host sends it: immutable, unfiltered, uninterpreted.
 * The engine applies the knowledge base's data conventions (status, asOf, plausibility) itself.
 *
 * @param patientId    {@code Patient/<id>}
 * @param birthDate    birth date, or {@code null} when unknown
 * @param sex          administrative sex
 * @param conditions   conditions
 * @param observations observations
 * @param medications  medication statements, requests, administrations and dispenses
 * @param allergies    allergies and intolerances
 * @param procedures   procedures
 * @param consents     consents
 * @param carePlans    care plans
 * @param flags        flags
 * @param encounters   encounters
 * @param settings     organizations and locations
 * @param unusable     resources the adapter had to leave out, with the reason
 */
public record PatientRecord(
        String patientId,
        LocalDate birthDate,
        Sex sex,
        List<ConditionEntry> conditions,
        List<ObservationEntry> observations,
        List<MedicationEntry> medications,
        List<AllergyEntry> allergies,
        List<ProcedureEntry> procedures,
        List<ConsentEntry> consents,
        List<CarePlanEntry> carePlans,
        List<FlagEntry> flags,
        List<EncounterEntry> encounters,
        List<SettingEntry> settings,
        List<UnusableResource> unusable) {

    public PatientRecord {
        Objects.requireNonNull(patientId, "patientId");
        sex = sex == null ? Sex.UNKNOWN : sex;
        conditions = List.copyOf(conditions);
        observations = List.copyOf(observations);
        medications = List.copyOf(medications);
        allergies = List.copyOf(allergies);
        procedures = List.copyOf(procedures);
        consents = List.copyOf(consents);
        carePlans = List.copyOf(carePlans);
        flags = List.copyOf(flags);
        encounters = List.copyOf(encounters);
        settings = List.copyOf(settings);
        unusable = List.copyOf(unusable);
    }

    public static Builder builder(String patientId) {
        return new Builder(patientId);
    }

    /** Collects entries one by one; {@link #build()} makes the immutable record. */
    public static final class Builder {
        private final String patientId;
        private LocalDate birthDate;
        private Sex sex = Sex.UNKNOWN;
        private final List<ConditionEntry> conditions = new ArrayList<>();
        private final List<ObservationEntry> observations = new ArrayList<>();
        private final List<MedicationEntry> medications = new ArrayList<>();
        private final List<AllergyEntry> allergies = new ArrayList<>();
        private final List<ProcedureEntry> procedures = new ArrayList<>();
        private final List<ConsentEntry> consents = new ArrayList<>();
        private final List<CarePlanEntry> carePlans = new ArrayList<>();
        private final List<FlagEntry> flags = new ArrayList<>();
        private final List<EncounterEntry> encounters = new ArrayList<>();
        private final List<SettingEntry> settings = new ArrayList<>();
        private final List<UnusableResource> unusable = new ArrayList<>();

        private Builder(String patientId) {
            this.patientId = Objects.requireNonNull(patientId, "patientId");
        }

        public Builder birthDate(LocalDate birthDate) {
            this.birthDate = birthDate;
            return this;
        }

        public Builder sex(Sex sex) {
            this.sex = sex;
            return this;
        }

        public Builder condition(ConditionEntry entry) {
            conditions.add(entry);
            return this;
        }

        public Builder observation(ObservationEntry entry) {
            observations.add(entry);
            return this;
        }

        public Builder medication(MedicationEntry entry) {
            medications.add(entry);
            return this;
        }

        public Builder allergy(AllergyEntry entry) {
            allergies.add(entry);
            return this;
        }

        public Builder procedure(ProcedureEntry entry) {
            procedures.add(entry);
            return this;
        }

        public Builder consent(ConsentEntry entry) {
            consents.add(entry);
            return this;
        }

        public Builder carePlan(CarePlanEntry entry) {
            carePlans.add(entry);
            return this;
        }

        public Builder flag(FlagEntry entry) {
            flags.add(entry);
            return this;
        }

        public Builder encounter(EncounterEntry entry) {
            encounters.add(entry);
            return this;
        }

        public Builder setting(SettingEntry entry) {
            settings.add(entry);
            return this;
        }

        public Builder unusable(UnusableResource entry) {
            unusable.add(entry);
            return this;
        }

        public PatientRecord build() {
            return new PatientRecord(patientId, birthDate, sex, conditions, observations, medications,
                    allergies, procedures, consents, carePlans, flags, encounters, settings, unusable);
        }
    }
}
