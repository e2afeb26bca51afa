package org.ketaminecds.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.ketaminecds.core.record.AllergyEntry;
import org.ketaminecds.core.record.CarePlanEntry;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.ConditionEntry;
import org.ketaminecds.core.record.ConsentEntry;
import org.ketaminecds.core.record.EncounterEntry;
import org.ketaminecds.core.record.FlagEntry;
import org.ketaminecds.core.record.MedicationEntry;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.record.ObservationEntry;
import org.ketaminecds.core.record.PatientRecord;
import org.ketaminecds.core.record.ProcedureEntry;
import org.ketaminecds.core.record.Quantity;
import org.ketaminecds.core.record.SettingEntry;
import org.ketaminecds.core.record.Sex;
import org.ketaminecds.core.record.UnusableResource;

/**
 * Turns the entries of one Bundle (or one patient's Bulk Data lines) into a {@link PatientRecord}: one instance per
 * Bundle, because references are resolved against that Bundle's entries. The one place where FHIR elements become
 * the record's values.
 *
 * <p>Each resource is read once, lazily and memoised, with its own {@link FhirElements}: a resource with a value that
 * cannot be read is left out and reported (§2.5), and a resource another one points to (a Medication, a prescription,
 * a PractitionerRole) is used only when it could be read.
 */
final class ResourceMapper {

    /** Types the record uses (Medication through medication references): an unreadable one is reported. */
    private static final Set<String> USED_TYPES = Set.of("Condition", "Observation", "MedicationStatement",
            "MedicationRequest", "MedicationAdministration", "MedicationDispense", "Medication",
            "AllergyIntolerance", "Procedure", "Consent", "CarePlan", "Flag", "Encounter", "Organization", "Location");

    /** The codes of R4's status enumerations the record reads (a test holds them to HAPI's model). */
    static final Map<String, Set<String>> STATUS_CODES = Map.ofEntries(
            codes("Observation", "registered preliminary final amended corrected cancelled entered-in-error unknown"),
            codes("MedicationStatement", "active completed entered-in-error intended stopped on-hold unknown not-taken"),
            codes("MedicationRequest", "active on-hold cancelled completed entered-in-error stopped draft unknown"),
            codes("MedicationAdministration", "in-progress not-done on-hold completed entered-in-error stopped unknown"),
            codes("MedicationDispense",
                    "preparation in-progress cancelled on-hold completed entered-in-error stopped declined unknown"),
            codes("Procedure", "preparation in-progress not-done on-hold stopped completed entered-in-error unknown"),
            codes("Consent", "draft proposed active rejected inactive entered-in-error"),
            codes("CarePlan", "draft active on-hold revoked completed entered-in-error unknown"),
            codes("Flag", "active inactive entered-in-error"),
            codes("Encounter", "planned arrived triaged in-progress onleave finished cancelled entered-in-error unknown"));
    static final Set<String> REQUEST_INTENTS = Set.of("proposal", "plan", "order", "original-order", "reflex-order",
            "filler-order", "instance-order", "option");
    static final Set<String> GENDERS = Set.of("male", "female", "other", "unknown");
    static final Set<String> UNITS_OF_TIME = Set.of("s", "min", "h", "d", "wk", "mo", "a");

    /** The types of the choices the record reads (R4's allowed types, so that another name is an unknown element). */
    private static final Set<String> MOMENT = Set.of("DateTime", "Period");
    private static final Set<String> ONSET = Set.of("DateTime", "Age", "Period", "Range", "String");
    private static final Set<String> OBSERVATION_EFFECTIVE = Set.of("DateTime", "Period", "Timing", "Instant");
    private static final Set<String> OBSERVATION_VALUE = Set.of("Quantity", "CodeableConcept", "String", "Boolean",
            "Integer", "Range", "Ratio", "SampledData", "Time", "DateTime", "Period");
    private static final Set<String> MEDICATION = Set.of("CodeableConcept", "Reference");
    private static final Set<String> PERFORMED = Set.of("DateTime", "Period", "String", "Age", "Range");
    private static final Set<String> DOSE = Set.of("Range", "Quantity");
    private static final Set<String> BOUNDS = Set.of("Duration", "Range", "Period");
    private static final Set<String> SCHEDULED = Set.of("Timing", "Period", "String");

    private final List<BundleEntry> entries;
    private final String sourceName;
    /** What the entries came in, for messages: "the Bundle", or "the resources" of a Bulk export. */
    private final String container;
    /** Record id by fullUrl, so that {@code urn:uuid:} references resolve to the ids of the record. */
    private final Map<String, String> idByFullUrl = new HashMap<>();
    /** Entries others point to, by record id: a drug's Medication, a dispense's prescription, a requester's role. */
    private final Map<String, BundleEntry> medicationById = new HashMap<>();
    private final Map<String, BundleEntry> requestById = new HashMap<>();
    private final Map<String, BundleEntry> roleById = new HashMap<>();
    /** Each entry's reading, once done; by identity, since an entry's hash would walk its whole JSON tree. */
    private final Map<BundleEntry, Read> reads = new IdentityHashMap<>();
    /** The record's patient, once known: only their resources are read into the record. */
    private RecordPatient thisPatient;

    ResourceMapper(List<BundleEntry> entries, String sourceName, String container) {
        this.entries = entries;
        this.sourceName = sourceName;
        this.container = container;
        for (BundleEntry entry : entries) {
            if (entry.fullUrl() != null) {
                idByFullUrl.put(entry.fullUrl(), entry.id());
            }
            if (entry.resource() != null) {
                switch (entry.type()) {
                    case "Medication" -> medicationById.put(entry.id(), entry);
                    case "MedicationRequest" -> requestById.put(entry.id(), entry);
                    case "PractitionerRole" -> roleById.put(entry.id(), entry);
                    default -> {
                    }
                }
            }
        }
    }

    /**
     * One resource read: what it gives the record ({@code value}: an entry of the record, a Medication's
     * {@link Drug}, a role's practitioner), or why it cannot be read, or why it is not this patient's.
     */
    private record Read(Object value, String problem, String notThisPatients) {

        boolean isUsable() {
            return problem == null && notThisPatients == null;
        }
    }

    PatientRecord toRecord() throws UnusableRecordException {
        BundleEntry patientEntry = thePatient();
        FhirElements read = new FhirElements();
        JsonNode patient = patientEntry.resource();
        PatientRecord.Builder record = PatientRecord.builder(patientEntry.id());
        if (patient != null) {
            read.resourceId(patient);
            record.birthDate(read.localDate(patient, "birthDate")).sex(sex(read.code(patient, "gender", GENDERS)));
            thisPatient = new RecordPatient(patientEntry.id(), patient, read, this::referenceId);
        }
        String problem = patientEntry.problem() != null ? patientEntry.problem()
                : read.hasProblems() ? read.problemSummary() : null;
        if (problem != null) {
            throw new UnusableRecordException(sourceName, patientEntry.id() + " " + problem);
        }

        for (BundleEntry entry : entries) {
            if (entry == patientEntry) {
                continue;
            }
            Read resource = read(entry);
            if (resource.problem() != null) {
                if (isReported(entry.type())) {
                    record.unusable(new UnusableResource(entry.id(), resource.problem()));
                }
                continue;
            }
            if (resource.notThisPatients() != null) {
                // reported whatever its type: a mixed record
                record.unusable(new UnusableResource(entry.id(), resource.notThisPatients()));
                continue;
            }
            if (resource.value() instanceof Part<?> part) {
                part.addTo(record); // not Claim, Provenance, a Medication...: they are no entry of the record
            }
        }
        return record.build();
    }

    /** An entry of the record, and the builder's method that adds it. */
    private record Part<T>(T entry, BiFunction<PatientRecord.Builder, T, PatientRecord.Builder> add) {

        void addTo(PatientRecord.Builder record) {
            add.apply(record, entry);
        }
    }

    private BundleEntry thePatient() throws UnusableRecordException {
        List<BundleEntry> patients = entries.stream().filter(e -> "Patient".equals(e.type())).toList();
        if (patients.isEmpty()) {
            throw new UnusableRecordException(sourceName, container + has() + " no Patient");
        }
        if (patients.size() > 1) {
            throw new UnusableRecordException(sourceName, container + has() + " " + patients.size() + " Patients ("
                    + patients.stream().map(BundleEntry::id).collect(Collectors.joining(", "))
                    + "); one record per " + ("the Bundle".equals(container) ? "file" : "patient"));
        }
        return patients.get(0);
    }

    private String has() {
        return "the Bundle".equals(container) ? " has" : " have";
    }

    /** A type the record uses, or a name that is no R4 resource type at all (perhaps a misspelt one). */
    private static boolean isReported(String type) {
        return type == null || USED_TYPES.contains(type) || BundleEntry.unknownType(type) != null;
    }

    /** An absent gender, or a code that is not R4's, is UNKNOWN. */
    private static Sex sex(String gender) {
        if (gender == null) {
            return Sex.UNKNOWN;
        }
        return switch (gender) {
            case "female" -> Sex.FEMALE;
            case "male" -> Sex.MALE;
            case "other" -> Sex.OTHER;
            default -> Sex.UNKNOWN;
        };
    }

    /** The entry read, once: its values checked, its patient checked, and what it gives the record. */
    private Read read(BundleEntry entry) {
        Read done = reads.get(entry);
        if (done != null) {
            return done;
        }
        Read result;
        if (entry.problem() != null) {
            result = new Read(null, entry.problem(), null);
        } else {
            FhirElements read = new FhirElements();
            JsonNode r = entry.resource();
            read.resourceId(r);
            String notThisPatients = thisPatient.problemWith(entry.type(), r, read);
            Object value = map(entry.type(), entry.id(), r, read);
            result = read.hasProblems() ? new Read(null, read.problemSummary(), null)
                    : new Read(value, null, notThisPatients);
        }
        reads.put(entry, result);
        return result;
    }

    private Object map(String type, String id, JsonNode r, FhirElements read) {
        return switch (type) {
            case "Condition" -> new Part<>(condition(id, r, read), PatientRecord.Builder::condition);
            case "Observation" -> new Part<>(observation(id, r, read), PatientRecord.Builder::observation);
            case "MedicationStatement" -> new Part<>(statement(id, r, read), PatientRecord.Builder::medication);
            case "MedicationRequest" -> new Part<>(request(id, r, read), PatientRecord.Builder::medication);
            case "MedicationAdministration" -> new Part<>(administration(id, r, read), PatientRecord.Builder::medication);
            case "MedicationDispense" -> new Part<>(dispense(id, r, read), PatientRecord.Builder::medication);
            case "AllergyIntolerance" -> new Part<>(allergy(id, r, read), PatientRecord.Builder::allergy);
            case "Procedure" -> new Part<>(procedure(id, r, read), PatientRecord.Builder::procedure);
            case "Consent" -> new Part<>(consent(id, r, read), PatientRecord.Builder::consent);
            case "CarePlan" -> new Part<>(carePlan(id, r, read), PatientRecord.Builder::carePlan);
            case "Flag" -> new Part<>(flag(id, r, read), PatientRecord.Builder::flag);
            case "Encounter" -> new Part<>(encounter(id, r, read), PatientRecord.Builder::encounter);
            case "Organization", "Location" ->
                    new Part<>(new SettingEntry(id, read.codings(read.objects(r, "type"))), PatientRecord.Builder::setting);
            case "Medication" -> drugOf(r, read);
            case "PractitionerRole" -> referenceId(read.text(read.object(r, "practitioner"), "reference"));
            default -> null; // Claim, Provenance, ...: only whose they are is read
        };
    }

    private static String status(String type, JsonNode r, FhirElements read) {
        return read.code(r, "status", STATUS_CODES.get(type));
    }

    private static ConditionEntry condition(String id, JsonNode c, FhirElements read) {
        JsonNode code = read.object(c, "code");
        FhirElements.Choice abatement = read.choice(c, "abatement", ONSET);
        return new ConditionEntry(id, read.codings(code), read.conceptText(code),
                read.firstCode(read.object(c, "clinicalStatus")),
                read.firstCode(read.object(c, "verificationStatus")),
                read.instantOrStart(read.choice(c, "onset", ONSET)),
                read.instantOrStart(abatement),
                read.instant(c, "recordedDate"),
                FhirElements.isPresent(abatement));
    }

    private ObservationEntry observation(String id, JsonNode o, FhirElements read) {
        FhirElements.Choice value = read.choice(o, "value", OBSERVATION_VALUE);
        List<JsonNode> componentNodes = read.objects(o, "component");
        List<ObservationEntry.Component> components = new ArrayList<>(componentNodes.size());
        for (JsonNode component : componentNodes) {
            FhirElements.Choice componentValue = read.choice(component, "value", OBSERVATION_VALUE);
            components.add(new ObservationEntry.Component(read.codings(read.object(component, "code")),
                    read.quantity(componentValue), read.codings(read.object(componentValue, "CodeableConcept"))));
        }
        Double referenceHigh = read.decimal(read.object(read.first(o, "referenceRange"), "high"), "value");
        return new ObservationEntry(id,
                read.codings(read.object(o, "code")),
                status("Observation", o, read),
                read.instantOrStart(read.choice(o, "effective", OBSERVATION_EFFECTIVE)),
                read.instant(o, "issued"),
                read.quantity(value),
                read.codings(read.object(value, "CodeableConcept")),
                read.bool(value),
                components,
                referenceHigh,
                read.codings(read.objects(o, "interpretation")),
                referenceIds(read.objects(o, "focus"), read),
                reference(o, "encounter", read));
    }

    private MedicationEntry statement(String id, JsonNode s, FhirElements read) {
        Drug drug = drug(s, read);
        FhirElements.Choice effective = read.choice(s, "effective", MOMENT);
        JsonNode dosage = read.first(s, "dosage");
        return new MedicationEntry(id, MedicationKind.STATEMENT, drug.codes(), drug.text(),
                status("MedicationStatement", s, read), null,
                read.instantOrStart(effective), read.instant(read.object(effective, "Period"), "end"),
                null, dose(dosage, read), dailyFrequency(read.object(read.object(dosage, "timing"), "repeat"), read),
                route(dosage, read),
                null, null);
    }

    private MedicationEntry request(String id, JsonNode r, FhirElements read) {
        Drug drug = drug(r, read);
        JsonNode dosage = read.first(r, "dosageInstruction");
        JsonNode timing = read.object(dosage, "timing");
        JsonNode repeat = read.object(timing, "repeat");
        JsonNode bounds = read.object(read.choice(repeat, "bounds", BOUNDS), "Period");
        Instant validityEnd = read.instant(read.object(read.object(r, "dispenseRequest"), "validityPeriod"), "end");
        String status = status("MedicationRequest", r, read);
        String intent = read.code(r, "intent", REQUEST_INTENTS);
        Instant authoredOn = read.instant(r, "authoredOn");
        Quantity dose = dose(dosage, read);
        Double frequency = dailyFrequency(repeat, read);
        List<Coding> route = route(dosage, read);
        Instant event = read.firstInstant(timing, "event");
        String encounter = reference(r, "encounter", read);
        String prescriber = prescriber(read.object(r, "requester"), read);
        return new MedicationEntry(id, MedicationKind.REQUEST, drug.codes(), drug.text(), status, intent,
                read.instant(bounds, "start"), validityEnd != null ? validityEnd : read.instant(bounds, "end"),
                authoredOn, dose, frequency, route, event, encounter, null, prescriber, null, List.of(), null);
    }

    private MedicationEntry administration(String id, JsonNode a, FhirElements read) {
        Drug drug = drug(a, read);
        FhirElements.Choice effective = read.choice(a, "effective", MOMENT);
        JsonNode dosage = read.object(a, "dosage");
        return new MedicationEntry(id, MedicationKind.ADMINISTRATION, drug.codes(), drug.text(),
                status("MedicationAdministration", a, read), null,
                read.instantOrStart(effective), read.instant(read.object(effective, "Period"), "end"),
                null,
                read.quantity(read.object(dosage, "dose")),
                null,
                read.codings(read.object(dosage, "route")),
                null,
                reference(a, "context", read));
    }

    private MedicationEntry dispense(String id, JsonNode d, FhirElements read) {
        Drug drug = drug(d, read);
        JsonNode dosage = read.first(d, "dosageInstruction");
        Instant handedOver = read.instant(d, "whenHandedOver");
        Instant prepared = read.instant(d, "whenPrepared");
        String prescription = null;
        String prescriber = null;
        for (JsonNode reference : read.objects(d, "authorizingPrescription")) {
            String target = referenceId(read.text(reference, "reference"));
            BundleEntry requestEntry = target == null ? null : requestById.get(target);
            // another patient's prescription, or one that cannot be read, says nothing about this one
            JsonNode request = requestEntry != null && read(requestEntry).isUsable() ? requestEntry.resource() : null;
            if (prescription == null) {
                prescription = target;
            }
            FhirElements requestRead = new FhirElements(); // the request's own values, already found readable
            JsonNode requester = requestRead.object(request, "requester");
            if (!FhirElements.isEmpty(requester)) {
                prescription = target;
                prescriber = prescriber(requester, requestRead);
                if (prescriber != null) {
                    break;
                }
            }
        }
        String status = status("MedicationDispense", d, read);
        Quantity dose = dose(dosage, read);
        Double frequency = dailyFrequency(read.object(read.object(dosage, "timing"), "repeat"), read);
        List<Coding> route = route(dosage, read);
        Quantity daysSupply = read.quantity(read.object(d, "daysSupply"));
        List<String> receivers = referenceIds(read.objects(d, "receiver"), read);
        return new MedicationEntry(id, MedicationKind.DISPENSE, drug.codes(), drug.text(), status, null,
                handedOver != null ? handedOver : prepared, null, null, dose, frequency, route, null, null,
                daysSupply, prescriber, prescription, receivers, reference(d, "destination", read));
    }

    /**
     * A prescriber: a Practitioner, or a PractitionerRole (its practitioner when the Bundle has the role), by
     * reference or, without one, by identifier ({@code Practitioner?identifier=system|value}). Requesters of other
     * types (Organization, Patient, Device, ...) are no prescriber: {@code null}.
     */
    private String prescriber(JsonNode requester, FhirElements read) {
        if (requester == null) {
            return null;
        }
        String type = read.text(requester, "type");
        String reference = read.text(requester, "reference");
        if (reference != null) {
            String target = referenceId(reference);
            if (target.startsWith("PractitionerRole/") || "PractitionerRole".equals(type)) {
                BundleEntry role = roleById.get(target);
                Object practitioner = role == null ? null : read(role).value();
                return practitioner != null && read(role).isUsable() ? (String) practitioner : target;
            }
            return target.startsWith("Practitioner/") || "Practitioner".equals(type) ? target : null;
        }
        JsonNode identifier = read.object(requester, "identifier");
        String value = read.text(identifier, "value");
        if (value != null && (type == null || type.startsWith("Practitioner"))) {
            String system = read.text(identifier, "system");
            return "Practitioner?identifier=" + (system != null ? system + "|" : "") + value;
        }
        return null;
    }

    private static AllergyEntry allergy(String id, JsonNode a, FhirElements read) {
        List<Coding> codes = read.codings(read.object(a, "code"));
        for (JsonNode reaction : read.objects(a, "reaction")) {
            read.addCodings(codes, read.object(reaction, "substance"));
        }
        return new AllergyEntry(id, codes,
                read.firstCode(read.object(a, "clinicalStatus")),
                read.firstCode(read.object(a, "verificationStatus")));
    }

    private static ProcedureEntry procedure(String id, JsonNode p, FhirElements read) {
        return new ProcedureEntry(id, read.codings(read.object(p, "code")), status("Procedure", p, read),
                read.instantOrStart(read.choice(p, "performed", PERFORMED)));
    }

    private static ConsentEntry consent(String id, JsonNode c, FhirElements read) {
        return new ConsentEntry(id, status("Consent", c, read), read.codings(read.objects(c, "category")),
                read.instant(c, "dateTime"));
    }

    private static CarePlanEntry carePlan(String id, JsonNode p, FhirElements read) {
        Integer planned = null;
        for (JsonNode activity : read.objects(p, "activity")) {
            JsonNode timing = read.object(read.choice(read.object(activity, "detail"), "scheduled", SCHEDULED), "Timing");
            Integer count = read.integer(read.object(timing, "repeat"), "count");
            if (count != null) {
                planned = planned == null ? count : Math.max(planned, count);
            }
        }
        return new CarePlanEntry(id, status("CarePlan", p, read), read.codings(read.objects(p, "category")),
                read.instant(read.object(p, "period"), "end"), planned);
    }

    private static FlagEntry flag(String id, JsonNode f, FhirElements read) {
        JsonNode period = read.object(f, "period");
        return new FlagEntry(id, status("Flag", f, read), read.codings(read.object(f, "code")),
                read.instant(period, "start"), read.instant(period, "end"));
    }

    private EncounterEntry encounter(String id, JsonNode e, FhirElements read) {
        List<String> locations = new ArrayList<>(0);
        for (JsonNode location : read.objects(e, "location")) {
            String target = reference(location, "location", read);
            if (target != null) {
                locations.add(target);
            }
        }
        JsonNode period = read.object(e, "period");
        return new EncounterEntry(id, status("Encounter", e, read),
                read.text(read.object(e, "class"), "code"),
                read.codings(read.objects(e, "type")),
                read.instant(period, "start"), read.instant(period, "end"),
                reference(e, "serviceProvider", read), locations);
    }

    private static Quantity dose(JsonNode dosage, FhirElements read) {
        JsonNode doseAndRate = read.first(dosage, "doseAndRate");
        // a Range gives null: no single dose
        return read.quantity(read.object(read.choice(doseAndRate, "dose", DOSE), "Quantity"));
    }

    private static List<Coding> route(JsonNode dosage, FhirElements read) {
        return read.codings(read.object(dosage, "route"));
    }

    /**
     * Administrations per day from {@code timing.repeat}: frequency per period, with the period in s, min, h, d or
     * wk. Null when that cannot be computed exactly: no frequency or period, a range (frequencyMax, periodMax), or
     * months and years, whose length varies.
     */
    private static Double dailyFrequency(JsonNode repeat, FhirElements read) {
        if (repeat == null) {
            return null;
        }
        Integer frequency = read.integer(repeat, "frequency");
        Double period = read.decimal(repeat, "period");
        String unit = read.code(repeat, "periodUnit", UNITS_OF_TIME);
        if (frequency == null || period == null || unit == null
                || FhirElements.isPresent(repeat, "frequencyMax") || FhirElements.isPresent(repeat, "periodMax")) {
            return null;
        }
        double periodsPerDay = switch (unit) {
            case "s" -> 86_400;
            case "min" -> 1_440;
            case "h" -> 24;
            case "d" -> 1;
            case "wk" -> 1.0 / 7;
            default -> Double.NaN;
        };
        if (Double.isNaN(periodsPerDay) || period <= 0) {
            return null;
        }
        return frequency * periodsPerDay / period;
    }

    /** The medication's codes and text. */
    private record Drug(List<Coding> codes, String text) {
    }

    private static Drug drugOf(JsonNode medication, FhirElements read) {
        JsonNode code = read.object(medication, "code");
        return new Drug(read.codings(code), read.conceptText(code));
    }

    /** {@code medicationCodeableConcept}, or the Medication that {@code medicationReference} points to. */
    private Drug drug(JsonNode owner, FhirElements read) {
        FhirElements.Choice medication = read.choice(owner, "medication", MEDICATION);
        JsonNode concept = read.object(medication, "CodeableConcept");
        if (concept != null) {
            return new Drug(read.codings(concept), read.conceptText(concept));
        }
        JsonNode reference = read.object(medication, "Reference");
        if (reference != null) {
            Drug target = resolveMedication(owner, read.text(reference, "reference"), read);
            String display = read.text(reference, "display");
            return target == null ? new Drug(new ArrayList<>(), display)
                    : new Drug(target.codes(), target.text() != null || display == null ? target.text() : display);
        }
        return new Drug(List.of(), null);
    }

    /** A contained Medication ({@code #id}) or one in the Bundle; null when it is in neither (or unreadable). */
    private Drug resolveMedication(JsonNode owner, String target, FhirElements read) {
        if (target == null) {
            return null;
        }
        if (target.startsWith("#")) {
            for (JsonNode contained : FhirElements.items(owner.get("contained"))) {
                String id = contained.isObject() ? BundleEntry.idPart(read.resourceId(contained)) : null;
                if ("Medication".equals(read.text(contained, "resourceType")) && id != null
                        && target.substring(1).equals(id.startsWith("#") ? id.substring(1) : id)) {
                    return drugOf(contained, read); // contained: its values are the owner's
                }
            }
            return null;
        }
        BundleEntry medication = medicationById.get(referenceId(target));
        return medication != null && read(medication).isUsable() ? (Drug) read(medication).value() : null;
    }

    /** The record id of a Reference element's target ({@link #referenceId}). */
    private String reference(JsonNode parent, String name, FhirElements read) {
        return referenceId(read.text(read.object(parent, name), "reference"));
    }

    /** The ids of the references that name something ({@link #referenceId}), in order. */
    private List<String> referenceIds(List<JsonNode> references, FhirElements read) {
        List<String> ids = new ArrayList<>(references.size());
        for (JsonNode reference : references) {
            String target = referenceId(read.text(reference, "reference"));
            if (target != null) {
                ids.add(target);
            }
        }
        return ids;
    }

    /**
     * The record id a reference points to: the id of the Bundle entry with that fullUrl, else {@code Type/id} from a
     * relative or absolute URL; {@code #contained} and unresolved {@code urn:} references stay as sent.
     */
    private String referenceId(String target) {
        if (target == null) {
            return null;
        }
        String entryId = idByFullUrl.get(target);
        if (entryId != null) {
            return entryId;
        }
        if (target.startsWith("#") || target.startsWith("urn:")) {
            return target;
        }
        String type = BundleEntry.typePart(target);
        String id = BundleEntry.idPart(target);
        return type != null && !type.isBlank() && id != null && !id.isBlank() ? type + "/" + id : target;
    }

    private static Map.Entry<String, Set<String>> codes(String type, String codes) {
        return Map.entry(type, Set.of(codes.split(" ")));
    }
}
