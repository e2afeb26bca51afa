package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.record.PatientRecord;

/**
 * The lean reader and the frozen HAPI path ({@link HapiRecordReader}) on systematically broken records: every
 * primitive of a record replaced in turn by an invalid date, a non-number, a non-boolean, an unknown code, a number,
 * a boolean, an object, a list of two, a list of one, {@code null} and {@code ""}; every object by a single value, a
 * list of two and {@code null}; every entry's resource without a resourceType, with an unknown or misspelt one, or
 * not an object. Both must give the same record, or refuse it with the same message.
 *
 * <p>One difference is the documented one (FhirRecordReader, "What is checked"): a broken value in an element the
 * record never reads made HAPI leave the resource out (or refuse the record, in the Patient), while the lean reader
 * does not look at it. Such a mutation is accepted only when the lean reader's record is exactly the record of the
 * unbroken input (the value truly is not read, so no answer can depend on it) and HAPI's outcome is that resource
 * left out or the record refused because of it.
 */
class LeanReaderDifferentialTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final FhirRecordReader LEAN = FhirRecordReader.create();
    private static final HapiRecordReader HAPI = HapiRecordReader.create();

    /** Records rich in what the mapping reads: the base patients, scenarios of each resource type, the CLI examples. */
    static Stream<Named<String>> records() throws Exception {
        List<Named<String>> records = new ArrayList<>();
        KnowledgePackage pkg = KnowledgePackage.fromClasspath();
        YAMLMapper yaml = new YAMLMapper();
        for (Map.Entry<String, byte[]> file : pkg.scenarioFiles().entrySet()) {
            if (ScenarioBases.isBase(file.getKey()) && file.getKey().endsWith(".yaml")) {
                records.add(Named.of(file.getKey(), JSON.writeValueAsString(yaml.readTree(file.getValue()))));
            }
        }
        List<String> wanted = new ArrayList<>(List.of("MedicationDispense", "CarePlan", "Consent", "Flag",
                "MedicationAdministration", "Procedure", "AllergyIntolerance", "PractitionerRole", "contained",
                "Organization", "Location", "validityPeriod", "frequency", "referenceRange", "focus", "abatement",
                "component", "Medication\"", "identifier", "whenHandedOver", "urn:uuid"));
        for (Scenario s : KnowledgePackageScenariosTest.all()) {
            if (wanted.removeIf(s.bundleJson()::contains)) {
                records.add(Named.of(s.file(), s.bundleJson()));
            }
        }
        records.add(Named.of("us-core examples", UsCoreExamplesMappingTest.bundleWithPatient("blood-pressure.json",
                "Observation-PHQ9-item-example-44260-8.json", "allergyintolerance-example.json",
                "medicationrequest-contained-oral-axid.json", "medicationrequest-referenced-oral-axid.json",
                "uscore-med2.json", "medicationdispense-example.json", "condition-duodenal-ulcer-resolved.json",
                "procedure-rehab.json")));
        try (Stream<java.nio.file.Path> files = Files.list(SharedData.repositoryRoot().resolve("samples/cli/examples"))) {
            for (java.nio.file.Path file : files.sorted().toList()) {
                records.add(Named.of(file.getFileName().toString(), Files.readString(file)));
            }
        }
        return records.stream();
    }

    @ParameterizedTest
    @MethodSource("records")
    void everyValueBroken_bothReadersGiveTheSameRecordOrTheSameRefusal(String bundleJson) throws Exception {
        JsonNode original = JSON.readTree(bundleJson);
        Outcome leanOriginal = outcome(() -> LEAN.read(original, "record.json"));
        assertThat(leanOriginal).isEqualTo(outcome(() -> HAPI.read(bundleJson, "record.json")));

        List<String> differences = new ArrayList<>();
        int[] counts = new int[2];
        for (Mutation mutation : mutations(original)) {
            JsonNode mutated = original.deepCopy();
            mutation.apply().accept(mutated);
            String text = JSON.writeValueAsString(mutated);
            Outcome lean = outcome(() -> LEAN.read(JSON.readTree(text), "record.json"));
            Outcome hapi = outcome(() -> HAPI.read(text, "record.json"));
            counts[0]++;
            if (lean.equals(hapi)) {
                continue;
            }
            if (lean.equals(leanOriginal) && hapi.excludes(mutation.resourceId())) {
                counts[1]++; // an element the record never reads: the documented difference
                continue;
            }
            differences.add(mutation.what() + "\n    HAPI " + hapi + "\n    lean " + lean);
        }
        System.out.println("LeanReaderDifferentialTest: " + counts[0] + " mutations, " + counts[1]
                + " in elements the record does not read");
        assertThat(counts[0]).isGreaterThan(50);
        assertThat(differences).as("mutations the readers disagree on").isEmpty();
    }

    /** A record, or the refusal's message. */
    private record Outcome(PatientRecord record, String refusal) {

        /** HAPI left the resource out, or refused the record because of it (a broken Patient). */
        boolean excludes(String resourceId) {
            return record != null ? record.unusable().stream().anyMatch(u -> u.id().equals(resourceId))
                    : refusal.startsWith("record.json: " + resourceId + " ");
        }

        @Override
        public String toString() {
            return record != null ? "unusable " + record.unusable() : refusal;
        }
    }

    interface Read {
        PatientRecord read() throws Exception;
    }

    private static Outcome outcome(Read read) {
        try {
            return new Outcome(read.read(), null);
        } catch (UnusableRecordException e) {
            return new Outcome(null, e.getMessage());
        } catch (Exception e) {
            return new Outcome(null, "THROWS " + e);
        }
    }

    /** One change of a record: what it does, the record id of the resource it breaks, and the change. */
    private record Mutation(String what, String resourceId, Consumer<JsonNode> apply) {
    }

    private static List<Mutation> mutations(JsonNode bundle) {
        List<Mutation> out = new ArrayList<>();
        JsonNode entries = bundle.path("entry");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode resource = entries.get(i).path("resource");
            String resourceId = resource.path("resourceType").asText() + "/" + resource.path("id").asText();
            int index = i;
            String at = "entry[" + i + "].resource";
            for (Map.Entry<String, JsonNode> replacement : Map.of("no resourceType", NODES.missingNode(),
                    "resourceType Foo", NODES.textNode("Foo"),
                    "resourceType in lower case", NODES.textNode(resource.path("resourceType").asText().toLowerCase()),
                    "resourceType 5", NODES.numberNode(5)).entrySet()) {
                out.add(new Mutation(at + ": " + replacement.getKey(), resourceId, b -> {
                    ObjectNode r = (ObjectNode) b.path("entry").get(index).path("resource");
                    if (replacement.getValue().isMissingNode()) {
                        r.remove("resourceType");
                    } else {
                        r.set("resourceType", replacement.getValue());
                    }
                }));
            }
            out.add(new Mutation(at + " is a text", resourceId,
                    b -> ((ObjectNode) b.path("entry").get(index)).put("resource", "x")));
            collect(resource, at, resourceId, List.of("entry", index, "resource"), out);
        }
        return out;
    }

    /** Mutations of every element under {@code node} (whose path from the Bundle is {@code path}). */
    private static void collect(JsonNode node, String at, String resourceId, List<Object> path, List<Mutation> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (!field.getKey().equals("resourceType")) {
                    List<Object> child = append(path, field.getKey());
                    mutate(field.getValue(), at + "." + field.getKey(), resourceId, child, out);
                    collect(field.getValue(), at + "." + field.getKey(), resourceId, child, out);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> child = append(path, i);
                mutate(node.get(i), at + "[" + i + "]", resourceId, child, out);
                collect(node.get(i), at + "[" + i + "]", resourceId, child, out);
            }
        }
    }

    private static void mutate(JsonNode value, String at, String resourceId, List<Object> path, List<Mutation> out) {
        List<Map.Entry<String, JsonNode>> replacements = new ArrayList<>();
        if (value.isValueNode()) {
            replacements.add(Map.entry("an invalid date", NODES.textNode("2020-13-45")));
            replacements.add(Map.entry("a non-number", NODES.textNode("abc")));
            replacements.add(Map.entry("a non-boolean", NODES.textNode("yes")));
            replacements.add(Map.entry("an unknown code", NODES.textNode("bogus-code")));
            replacements.add(Map.entry("a decimal", NODES.numberNode(1.5)));
            replacements.add(Map.entry("a boolean", NODES.booleanNode(true)));
            replacements.add(Map.entry("an object", NODES.objectNode().put("x", 1)));
            replacements.add(Map.entry("a list of two", NODES.arrayNode().add(value).add(value)));
            replacements.add(Map.entry("a list of one", NODES.arrayNode().add(value)));
            replacements.add(Map.entry("empty text", NODES.textNode("")));
        } else if (value.isObject()) {
            replacements.add(Map.entry("a single value", NODES.textNode("x")));
            replacements.add(Map.entry("a list of two", NODES.arrayNode().add(value).add(value)));
        }
        replacements.add(Map.entry("null", NODES.nullNode()));
        for (Map.Entry<String, JsonNode> r : replacements) {
            out.add(new Mutation(at + " replaced by " + r.getKey(), resourceId, b -> set(b, path, r.getValue())));
        }
    }

    private static void set(JsonNode bundle, List<Object> path, JsonNode value) {
        JsonNode parent = bundle;
        for (Object step : path.subList(0, path.size() - 1)) {
            parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
        }
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, value.deepCopy());
        } else {
            ((ObjectNode) parent).set((String) last, value.deepCopy());
        }
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(Objects.requireNonNull(step));
        return longer;
    }
}
