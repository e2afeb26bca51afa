package org.ketaminecds.fhir;

import static org.ketaminecds.fhir.HapiFhirValues.code;
import static org.ketaminecds.fhir.HapiFhirValues.codings;
import static org.ketaminecds.fhir.HapiFhirValues.firstCode;
import static org.ketaminecds.fhir.HapiFhirValues.instant;
import static org.ketaminecds.fhir.HapiFhirValues.instantOrStart;
import static org.ketaminecds.fhir.HapiFhirValues.quantity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ResourceType;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Type;
import org.ketaminecds.core.record.AllergyEntry;
import org.ketaminecds.core.record.CarePlanEntry;
import org.ketaminecds.core.record.ConsentEntry;
import org.ketaminecds.core.record.EncounterEntry;
import org.ketaminecds.core.record.FlagEntry;
import org.ketaminecds.core.record.SettingEntry;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.ConditionEntry;
import org.ketaminecds.core.record.MedicationEntry;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.record.ObservationEntry;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.record.ProcedureEntry;
import org.ketaminecds.core.record.Quantity;
import org.ketaminecds.core.record.Sex;
import org.ketaminecds.core.record.UnusableResource;

/**
 * Pre-issue-17, frozen for {@link HapiRecordReader} (the equivalence oracle). Turns the entries of one Bundle into a {@link PatientRecord}: one instance per Bundle, because
 * references are resolved against that Bundle's entries.
 *
 * <p>It only reads: it checks {@code hasX()} before {@code getX()}, since HAPI's getters create
 * missing elements, and a host's own Bundle must not change (or race) under it.
 */
final class HapiResourceMapper {

    /** Types the record uses (Medication through medication references): an unreadable one is reported. */
    private static final Set<String> USED_TYPES = Set.of("Condition", "Observation", "MedicationStatement",
            "MedicationRequest", "MedicationAdministration", "MedicationDispense", "Medication",
            "AllergyIntolerance", "Procedure", "Consent", "CarePlan", "Flag", "Encounter", "Organization", "Location");

    private final List<HapiBundleEntry> entries;
    private final String sourceName;
    /** What the entries came in, for messages: "the Bundle", or "the resources" of a Bulk export. */
    private final String container;
    /** Record id by fullUrl, so that {@code urn:uuid:} references resolve to the ids of the record. */
    private final Map<String, String> idByFullUrl = new HashMap<>();
    private final Map<String, Medication> medicationById = new HashMap<>();
    /** Requests and practitioner roles by record id: a dispense's prescriber is its authorizing request's requester. */
    private final Map<String, MedicationRequest> requestById = new HashMap<>();
    private final Map<String, PractitionerRole> roleById = new HashMap<>();
    /** The record's patient, once known: only their requests name a dispense's prescriber. */
    private HapiRecordPatient thisPatient;

    HapiResourceMapper(List<HapiBundleEntry> entries, String sourceName) {
        this(entries, sourceName, "the Bundle");
    }

    HapiResourceMapper(List<HapiBundleEntry> entries, String sourceName, String container) {
        this.entries = entries;
        this.sourceName = sourceName;
        this.container = container;
        for (HapiBundleEntry entry : entries) {
            if (entry.fullUrl() != null) {
                idByFullUrl.put(entry.fullUrl(), entry.id());
            }
            if (entry.resource() instanceof Medication medication) {
                medicationById.put(entry.id(), medication);
            } else if (entry.resource() instanceof MedicationRequest request) {
                requestById.put(entry.id(), request);
            } else if (entry.resource() instanceof PractitionerRole role) {
                roleById.put(entry.id(), role);
            }
        }
    }

    PatientRecord toRecord() throws UnusableRecordException {
        HapiBundleEntry patientEntry = thePatient();
        if (patientEntry.resource() == null) {
            throw new UnusableRecordException(sourceName, patientEntry.id() + " " + patientEntry.problem());
        }
        Patient patient = (Patient) patientEntry.resource();
        PatientRecord.Builder record = PatientRecord.builder(patientEntry.id())
                .birthDate(patient.hasBirthDateElement() ? HapiFhirValues.localDate(patient.getBirthDateElement()) : null)
                .sex(sex(patient.hasGender() ? patient.getGender() : null));
        thisPatient = new HapiRecordPatient(patientEntry.id(), patient, this::referenceId);

        for (HapiBundleEntry entry : entries) {
            Resource resource = entry.resource();
            if (resource == null) {
                if (isReported(entry.type())) {
                    record.unusable(new UnusableResource(entry.id(), entry.problem()));
                }
                continue;
            }
            String id = entry.id();
            String notThisPatients = thisPatient.problemWith(resource);
            if (notThisPatients != null) {
                record.unusable(new UnusableResource(id, notThisPatients)); // reported whatever its type: a mixed record
                continue;
            }
            switch (resource.getResourceType()) {
                case Condition -> record.condition(condition(id, (Condition) resource));
                case Observation -> record.observation(observation(id, (Observation) resource));
                case MedicationStatement -> record.medication(statement(id, (MedicationStatement) resource));
                case MedicationRequest -> record.medication(request(id, (MedicationRequest) resource));
                case MedicationAdministration ->
                        record.medication(administration(id, (MedicationAdministration) resource));
                case MedicationDispense -> record.medication(dispense(id, (MedicationDispense) resource));
                case AllergyIntolerance -> record.allergy(allergy(id, (AllergyIntolerance) resource));
                case Procedure -> record.procedure(procedure(id, (Procedure) resource));
                case Consent -> record.consent(consent(id, (Consent) resource));
                case CarePlan -> record.carePlan(carePlan(id, (CarePlan) resource));
                case Flag -> record.flag(flag(id, (Flag) resource));
                case Encounter -> record.encounter(encounter(id, (Encounter) resource));
                case Organization -> record.setting(new SettingEntry(id,
                        ((Organization) resource).hasType() ? codings(((Organization) resource).getType()) : List.of()));
                case Location -> record.setting(new SettingEntry(id,
                        ((Location) resource).hasType() ? codings(((Location) resource).getType()) : List.of()));
                default -> {
                    // Claim, Provenance, ...: not part of the record.
                }
            }
        }
        return record.build();
    }

    private HapiBundleEntry thePatient() throws UnusableRecordException {
        List<HapiBundleEntry> patients = entries.stream().filter(e -> "Patient".equals(e.type())).toList();
        if (patients.isEmpty()) {
            throw new UnusableRecordException(sourceName, container + has() + " no Patient");
        }
        if (patients.size() > 1) {
            throw new UnusableRecordException(sourceName, container + has() + " " + patients.size() + " Patients ("
                    + patients.stream().map(HapiBundleEntry::id).collect(Collectors.joining(", "))
                    + "); one record per " + ("the Bundle".equals(container) ? "file" : "patient"));
        }
        return patients.get(0);
    }

    private String has() {
        return "the Bundle".equals(container) ? " has" : " have";
    }

    /** A type the record uses, or a name that is no R4 resource type at all (perhaps a misspelt one). */
    private static boolean isReported(String type) {
        if (type == null || USED_TYPES.contains(type)) {
            return true;
        }
        try {
            ResourceType.fromCode(type);
            return false;
        } catch (FHIRException e) {
            return true;
        }
    }

    /** An absent gender, or a code HAPI did not know (then getGender() is null), is UNKNOWN. */
    private static Sex sex(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender gender) {
        if (gender == null) {
            return Sex.UNKNOWN;
        }
        return switch (gender) {
            case FEMALE -> Sex.FEMALE;
            case MALE -> Sex.MALE;
            case OTHER -> Sex.OTHER;
            default -> Sex.UNKNOWN;
        };
    }

    private ConditionEntry condition(String id, Condition c) {
        CodeableConcept code = c.hasCode() ? c.getCode() : null;
        return new ConditionEntry(id, codings(code), HapiFhirValues.text(code),
                c.hasClinicalStatus() ? firstCode(c.getClinicalStatus()) : null,
                c.hasVerificationStatus() ? firstCode(c.getVerificationStatus()) : null,
                c.hasOnset() ? instantOrStart(c.getOnset()) : null,
                c.hasAbatement() ? instantOrStart(c.getAbatement()) : null,
                c.hasRecordedDateElement() ? instant(c.getRecordedDateElement()) : null,
                c.hasAbatement());
    }

    private ObservationEntry observation(String id, Observation o) {
        Type value = o.hasValue() ? o.getValue() : null;
        List<ObservationEntry.Component> components = new ArrayList<>(o.hasComponent() ? o.getComponent().size() : 0);
        if (o.hasComponent()) {
            for (Observation.ObservationComponentComponent component : o.getComponent()) {
                Type componentValue = component.hasValue() ? component.getValue() : null;
                components.add(new ObservationEntry.Component(codings(component.hasCode() ? component.getCode() : null),
                        quantity(componentValue), valueCodes(componentValue)));
            }
        }
        Double referenceHigh = null;
        if (o.hasReferenceRange() && o.getReferenceRange().get(0).hasHigh()
                && o.getReferenceRange().get(0).getHigh().hasValue()) {
            referenceHigh = o.getReferenceRange().get(0).getHigh().getValue().doubleValue();
        }
        List<String> focus = o.hasFocus() ? referenceIds(o.getFocus()) : List.of();
        return new ObservationEntry(id,
                codings(o.hasCode() ? o.getCode() : null),
                o.hasStatus() ? code(o.getStatusElement()) : null,
                o.hasEffective() ? instantOrStart(o.getEffective()) : null,
                o.hasIssuedElement() ? instant(o.getIssuedElement()) : null,
                quantity(value),
                valueCodes(value),
                value instanceof BooleanType bool ? bool.getValue() : null,
                components,
                referenceHigh,
                o.hasInterpretation() ? codings(o.getInterpretation()) : List.of(),
                focus,
                o.hasEncounter() ? referenceId(o.getEncounter()) : null);
    }

    private static List<Coding> valueCodes(Type value) {
        return value instanceof CodeableConcept concept ? codings(concept) : List.of();
    }

    private MedicationEntry statement(String id, MedicationStatement s) {
        Drug drug = drug(s, s.hasMedication() ? s.getMedication() : null);
        Type effective = s.hasEffective() ? s.getEffective() : null;
        Dosage dosage = s.hasDosage() ? s.getDosage().get(0) : null;
        return new MedicationEntry(id, MedicationKind.STATEMENT, drug.codes(), drug.text(),
                s.hasStatus() ? code(s.getStatusElement()) : null, null,
                instantOrStart(effective), effective instanceof Period period ? HapiFhirValues.end(period) : null,
                null, dose(dosage), HapiFhirValues.dailyFrequency(timing(dosage)), route(dosage), null, null);
    }

    private MedicationEntry request(String id, MedicationRequest r) {
        Drug drug = drug(r, r.hasMedication() ? r.getMedication() : null);
        Dosage dosage = r.hasDosageInstruction() ? r.getDosageInstruction().get(0) : null;
        Timing timing = timing(dosage);
        Period bounds = timing != null && timing.hasRepeat() && timing.getRepeat().hasBoundsPeriod()
                ? timing.getRepeat().getBoundsPeriod() : null;
        Instant validityEnd = r.hasDispenseRequest() && r.getDispenseRequest().hasValidityPeriod()
                ? HapiFhirValues.end(r.getDispenseRequest().getValidityPeriod()) : null;
        return new MedicationEntry(id, MedicationKind.REQUEST, drug.codes(), drug.text(),
                r.hasStatus() ? code(r.getStatusElement()) : null,
                r.hasIntent() ? code(r.getIntentElement()) : null,
                HapiFhirValues.start(bounds),
                validityEnd != null ? validityEnd : HapiFhirValues.end(bounds),
                r.hasAuthoredOnElement() ? instant(r.getAuthoredOnElement()) : null,
                dose(dosage), HapiFhirValues.dailyFrequency(timing), route(dosage),
                timing != null && timing.hasEvent() ? instant(timing.getEvent().get(0)) : null,
                r.hasEncounter() ? referenceId(r.getEncounter()) : null,
                null, r.hasRequester() ? prescriber(r.getRequester()) : null, null, List.of(), null);
    }

    private MedicationEntry administration(String id, MedicationAdministration a) {
        Drug drug = drug(a, a.hasMedication() ? a.getMedication() : null);
        Type effective = a.hasEffective() ? a.getEffective() : null;
        MedicationAdministration.MedicationAdministrationDosageComponent dosage = a.hasDosage() ? a.getDosage() : null;
        return new MedicationEntry(id, MedicationKind.ADMINISTRATION, drug.codes(), drug.text(),
                a.hasStatus() ? code(a.getStatusElement()) : null, null,
                instantOrStart(effective), effective instanceof Period period ? HapiFhirValues.end(period) : null,
                null,
                dosage != null && dosage.hasDose() ? quantity(dosage.getDose()) : null,
                null,
                dosage != null && dosage.hasRoute() ? codings(dosage.getRoute()) : List.of(),
                null,
                a.hasContext() ? referenceId(a.getContext()) : null);
    }

    private MedicationEntry dispense(String id, MedicationDispense d) {
        Drug drug = drug(d, d.hasMedication() ? d.getMedication() : null);
        Dosage dosage = d.hasDosageInstruction() ? d.getDosageInstruction().get(0) : null;
        Instant handedOver = d.hasWhenHandedOverElement() ? instant(d.getWhenHandedOverElement()) : null;
        Instant prepared = d.hasWhenPreparedElement() ? instant(d.getWhenPreparedElement()) : null;
        String prescription = null;
        String prescriber = null;
        if (d.hasAuthorizingPrescription()) {
            for (Reference reference : d.getAuthorizingPrescription()) {
                String target = referenceId(reference);
                MedicationRequest request = target == null ? null : requestById.get(target);
                if (request != null && thisPatient.problemWith(request) != null) {
                    request = null; // another patient's prescription says nothing about this one
                }
                if (prescription == null) {
                    prescription = target;
                }
                if (request != null && request.hasRequester()) {
                    prescription = target;
                    prescriber = prescriber(request.getRequester());
                    if (prescriber != null) {
                        break;
                    }
                }
            }
        }
        List<String> receivers = d.hasReceiver() ? referenceIds(d.getReceiver()) : List.of();
        return new MedicationEntry(id, MedicationKind.DISPENSE, drug.codes(), drug.text(),
                d.hasStatus() ? code(d.getStatusElement()) : null, null,
                handedOver != null ? handedOver : prepared, null, null,
                dose(dosage), HapiFhirValues.dailyFrequency(timing(dosage)), route(dosage), null, null,
                d.hasDaysSupply() ? quantity(d.getDaysSupply()) : null, prescriber, prescription, receivers,
                d.hasDestination() ? referenceId(d.getDestination()) : null);
    }

    /**
     * A prescriber: a Practitioner, or a PractitionerRole (its practitioner when the Bundle has the role), by
     * reference or, without one, by identifier ({@code Practitioner?identifier=system|value}). Requesters of other
     * types (Organization, Patient, Device, ...) are no prescriber: {@code null}.
     */
    private String prescriber(Reference requester) {
        String type = requester.hasType() ? requester.getType() : null;
        if (requester.hasReference()) {
            String target = referenceId(requester);
            if (target.startsWith("PractitionerRole/") || "PractitionerRole".equals(type)) {
                PractitionerRole role = roleById.get(target);
                return role != null && role.hasPractitioner() && role.getPractitioner().hasReference()
                        ? referenceId(role.getPractitioner()) : target;
            }
            return target.startsWith("Practitioner/") || "Practitioner".equals(type) ? target : null;
        }
        if (requester.hasIdentifier() && requester.getIdentifier().hasValue()
                && (type == null || type.startsWith("Practitioner"))) {
            String system = requester.getIdentifier().hasSystem() ? requester.getIdentifier().getSystem() + "|" : "";
            return "Practitioner?identifier=" + system + requester.getIdentifier().getValue();
        }
        return null;
    }

    private static AllergyEntry allergy(String id, AllergyIntolerance a) {
        List<Coding> codes = codings(a.hasCode() ? a.getCode() : null);
        if (a.hasReaction()) {
            for (AllergyIntolerance.AllergyIntoleranceReactionComponent reaction : a.getReaction()) {
                if (reaction.hasSubstance()) {
                    HapiFhirValues.addCodings(codes, reaction.getSubstance());
                }
            }
        }
        return new AllergyEntry(id, codes,
                a.hasClinicalStatus() ? firstCode(a.getClinicalStatus()) : null,
                a.hasVerificationStatus() ? firstCode(a.getVerificationStatus()) : null);
    }

    private static ProcedureEntry procedure(String id, Procedure p) {
        return new ProcedureEntry(id, codings(p.hasCode() ? p.getCode() : null),
                p.hasStatus() ? code(p.getStatusElement()) : null,
                p.hasPerformed() ? instantOrStart(p.getPerformed()) : null);
    }

    private static ConsentEntry consent(String id, Consent c) {
        return new ConsentEntry(id, c.hasStatus() ? code(c.getStatusElement()) : null,
                c.hasCategory() ? codings(c.getCategory()) : List.of(),
                c.hasDateTimeElement() ? instant(c.getDateTimeElement()) : null);
    }

    private static CarePlanEntry carePlan(String id, CarePlan p) {
        Integer planned = null;
        if (p.hasActivity()) {
            for (CarePlan.CarePlanActivityComponent activity : p.getActivity()) {
                if (activity.hasDetail() && activity.getDetail().hasScheduledTiming()
                        && activity.getDetail().getScheduledTiming().hasRepeat()
                        && activity.getDetail().getScheduledTiming().getRepeat().hasCount()) {
                    int count = activity.getDetail().getScheduledTiming().getRepeat().getCount();
                    planned = planned == null ? count : Math.max(planned, count);
                }
            }
        }
        return new CarePlanEntry(id, p.hasStatus() ? code(p.getStatusElement()) : null,
                p.hasCategory() ? codings(p.getCategory()) : List.of(),
                p.hasPeriod() ? HapiFhirValues.end(p.getPeriod()) : null, planned);
    }

    private static FlagEntry flag(String id, Flag f) {
        return new FlagEntry(id, f.hasStatus() ? code(f.getStatusElement()) : null, codings(f.hasCode() ? f.getCode() : null),
                f.hasPeriod() ? HapiFhirValues.start(f.getPeriod()) : null, f.hasPeriod() ? HapiFhirValues.end(f.getPeriod()) : null);
    }

    private EncounterEntry encounter(String id, Encounter e) {
        List<String> locations = new ArrayList<>(0);
        if (e.hasLocation()) {
            for (Encounter.EncounterLocationComponent location : e.getLocation()) {
                String target = location.hasLocation() ? referenceId(location.getLocation()) : null;
                if (target != null) {
                    locations.add(target);
                }
            }
        }
        return new EncounterEntry(id, e.hasStatus() ? code(e.getStatusElement()) : null,
                e.hasClass_() && e.getClass_().hasCode() ? e.getClass_().getCode() : null,
                e.hasType() ? codings(e.getType()) : List.of(),
                e.hasPeriod() ? HapiFhirValues.start(e.getPeriod()) : null, e.hasPeriod() ? HapiFhirValues.end(e.getPeriod()) : null,
                e.hasServiceProvider() ? referenceId(e.getServiceProvider()) : null, locations);
    }

    private static Quantity dose(Dosage dosage) {
        if (dosage == null || !dosage.hasDoseAndRate() || !dosage.getDoseAndRate().get(0).hasDose()) {
            return null;
        }
        return quantity(dosage.getDoseAndRate().get(0).getDose()); // a Range gives null: no single dose
    }

    private static Timing timing(Dosage dosage) {
        return dosage != null && dosage.hasTiming() ? dosage.getTiming() : null;
    }

    private static List<Coding> route(Dosage dosage) {
        return dosage != null && dosage.hasRoute() ? codings(dosage.getRoute()) : List.of();
    }

    /** The medication's codes and text. */
    private record Drug(List<Coding> codes, String text) {
    }

    /** {@code medicationCodeableConcept}, or the Medication that {@code medicationReference} points to. */
    private Drug drug(DomainResource owner, Type medication) {
        if (medication instanceof CodeableConcept concept) {
            return new Drug(codings(concept), HapiFhirValues.text(concept));
        }
        if (medication instanceof Reference reference) {
            Medication target = resolveMedication(owner, reference);
            CodeableConcept code = target != null && target.hasCode() ? target.getCode() : null;
            String text = HapiFhirValues.text(code);
            return new Drug(codings(code), text != null || !reference.hasDisplay() ? text : reference.getDisplay());
        }
        return new Drug(List.of(), null);
    }

    /** A contained Medication ({@code #id}) or one in the Bundle; null when it is in neither. */
    private Medication resolveMedication(DomainResource owner, Reference reference) {
        if (reference.getResource() instanceof Medication linked) {
            return linked; // HAPI links contained targets while parsing
        }
        if (!reference.hasReference()) {
            return null;
        }
        String target = reference.getReference();
        if (target.startsWith("#")) {
            if (owner.hasContained()) {
                for (Resource contained : owner.getContained()) {
                    String containedId = contained.hasIdElement() ? contained.getIdElement().getIdPart() : null;
                    if (contained instanceof Medication medication && containedId != null
                            && target.substring(1).equals(containedId.startsWith("#") ? containedId.substring(1) : containedId)) {
                        return medication;
                    }
                }
            }
            return null;
        }
        return medicationById.get(referenceId(reference));
    }

    /** The ids of the references that name something ({@link #referenceId}), in order. */
    private List<String> referenceIds(List<Reference> references) {
        List<String> ids = new ArrayList<>(references.size());
        for (Reference reference : references) {
            String target = referenceId(reference);
            if (target != null) {
                ids.add(target);
            }
        }
        return ids;
    }

    /**
     * The record id a reference points to: the id of the Bundle entry with that fullUrl, else
     * {@code Type/id} from a relative or absolute URL; {@code #contained} and unresolved
     * {@code urn:} references stay as sent.
     */
    private String referenceId(Reference reference) {
        if (reference == null || !reference.hasReference()) {
            return null;
        }
        String target = reference.getReference();
        String entryId = idByFullUrl.get(target);
        if (entryId != null) {
            return entryId;
        }
        if (target.startsWith("#") || target.startsWith("urn:")) {
            return target;
        }
        IdType id = new IdType(target);
        return id.hasResourceType() && id.hasIdPart() ? id.getResourceType() + "/" + id.getIdPart() : target;
    }
}
