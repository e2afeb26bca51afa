package org.ketaminecds.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The base patients of a package's scenarios: {@code scenarios/bases/NAME.yaml}, each a FHIR Bundle that a scenario
 * names ({@code base: NAME}) and changes by resource ({@code add}, {@code replace}, {@code remove}). A base is not a
 * scenario: it has nothing to check.
 */
public final class ScenarioBases {

    /** The folder of the bases, under {@code scenarios/}. */
    static final String FOLDER = "bases/";

    /** No bases: a scenario that names one is refused. */
    public static final ScenarioBases NONE = new ScenarioBases(Map.of(), List.of());

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, Base> bases;
    private final List<String> problems;

    /** One base: its file and its bundle, or why it cannot be used. */
    private record Base(String file, ObjectNode bundle, String problem) {
    }

    private ScenarioBases(Map<String, Base> bases, List<String> problems) {
        this.bases = bases;
        this.problems = problems;
    }

    /**
     * Reads the bases among a package's scenario files.
     *
     * @param scenarioFiles path under {@code scenarios/} -> content, as {@link org.ketaminecds.core.KnowledgePackage#scenarioFiles()}
     * @param prefix        put before a path in messages (e.g. {@code "scenarios/"})
     */
    public static ScenarioBases of(Map<String, byte[]> scenarioFiles, String prefix) {
        Map<String, Base> bases = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        scenarioFiles.forEach((path, bytes) -> {
            if (isBase(path) && (path.endsWith(".yaml") || path.endsWith(".yml"))) {
                String file = prefix + path;
                String name = path.substring(FOLDER.length(), path.lastIndexOf('.'));
                try {
                    bases.put(name, new Base(file, bundle(file, bytes), null));
                } catch (ScenarioException e) {
                    bases.put(name, new Base(file, null, e.getMessage()));
                    problems.add(e.getMessage());
                }
            }
        });
        return new ScenarioBases(Collections.unmodifiableMap(bases), List.copyOf(problems));
    }

    /** Whether a path under {@code scenarios/} is a base's, not a scenario's. */
    public static boolean isBase(String path) {
        return path.startsWith(FOLDER);
    }

    /** One line per base that is not a valid bundle, naming its file and the problem. */
    public List<String> problems() {
        return problems;
    }

    /**
     * The bundle of a scenario that starts from a base: the base's resources in their order, a replaced one in its
     * place, removed ones left out, then the added ones.
     */
    ObjectNode compose(String file, String name, JsonNode add, JsonNode replace, JsonNode remove)
            throws ScenarioException {
        Base base = bases.get(name);
        if (base == null) {
            throw new ScenarioException(file + ": unknown base '" + name + "' (known: "
                    + (bases.isEmpty() ? "none, add a file under scenarios/" + FOLDER : String.join(", ", bases.keySet())) + ")");
        }
        if (base.problem() != null) {
            throw new ScenarioException(file + ": base '" + name + "' cannot be used: " + base.problem());
        }
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        for (JsonNode entry : base.bundle().get("entry")) {
            entries.put(key(entry.get("resource")), entry);
        }
        String has = " (it has " + String.join(", ", entries.keySet()) + ")";
        int i = 0;
        for (JsonNode resource : list(file, "replace", replace)) {
            String where = file + ": replace[" + i++ + "]";
            String key = key(where, resource);
            if (!entries.containsKey(key)) {
                throw new ScenarioException(where + ": base '" + name + "' has no " + key + has);
            }
            ObjectNode entry = entries.get(key).deepCopy();
            entry.set("resource", resource);
            entries.put(key, entry);
        }
        i = 0;
        for (JsonNode reference : list(file, "remove", remove)) {
            String where = file + ": remove[" + i++ + "]";
            if (entries.remove(reference.asText()) == null) {
                throw new ScenarioException(where + ": base '" + name + "' has no " + reference.asText() + has);
            }
        }
        i = 0;
        for (JsonNode resource : list(file, "add", add)) {
            String where = file + ": add[" + i++ + "]";
            String key = key(where, resource);
            if (entries.containsKey(key)) {
                throw new ScenarioException(where + ": " + key + " is already in the bundle (to change the base's, use replace)");
            }
            entries.put(key, YAML.createObjectNode().set("resource", resource));
        }
        ObjectNode bundle = base.bundle().deepCopy();
        ArrayNode entry = bundle.putArray("entry");
        entries.values().forEach(entry::add);
        return bundle;
    }

    private static ObjectNode bundle(String file, byte[] yaml) throws ScenarioException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new ScenarioException(file + ": not valid YAML: " + Scenario.firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject() || !"Bundle".equals(root.path("resourceType").asText())
                || !root.path("entry").isArray()) {
            throw new ScenarioException(file + ": a base must be a FHIR Bundle (resourceType: Bundle, with an entry list)");
        }
        Set<String> keys = new LinkedHashSet<>();
        int i = 0;
        for (JsonNode entry : root.get("entry")) {
            String where = file + ": entry[" + i++ + "]";
            String key = key(where, entry.path("resource"));
            if (!keys.add(key)) {
                throw new ScenarioException(where + ": " + key + " appears twice");
            }
        }
        return (ObjectNode) root;
    }

    private static List<JsonNode> list(String file, String field, JsonNode node) throws ScenarioException {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ScenarioException(file + ": " + field + " must be a list");
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    /** "Type/id", the resource's identity in a bundle. */
    private static String key(String where, JsonNode resource) throws ScenarioException {
        if (!resource.isObject() || !resource.path("resourceType").isTextual() || !resource.path("id").isValueNode()) {
            throw new ScenarioException(where + ": a resource needs a resourceType and an id");
        }
        return key(resource);
    }

    private static String key(JsonNode resource) {
        return resource.path("resourceType").asText() + "/" + resource.path("id").asText();
    }
}
