package org.ketaminecds.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;

/**
 * A knowledge package: the rule files, value sets, thresholds, wording and scenarios that make up the clinical
 * content, checked for consistency when loaded. The prebuilt package ({@code ketamine-cds-rules} on the
 * classpath) is the default.
 */
public final class KnowledgePackage {

    /** Where the prebuilt package lives on the classpath. */
    public static final String CLASSPATH_ROOT = "org/ketaminecds/rules";
    static final String KIE_BASE = "ketamine-cds";
    static final String KIE_SESSION = "ketamine-cds-session";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RULE_ID = Pattern.compile("^(KET-[A-Z]+-\\d{3})\\b.*");
    private static final Pattern CONCEPT_USE = Pattern.compile("(?:isA|valueIsA)\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern THRESHOLD_USE =
            Pattern.compile("(?:threshold|duration|describe)\\(\\s*\"([A-Z0-9_]+)\"\\s*\\)");
    private static final Pattern USING_CALL = Pattern.compile("using\\(([^)]*)\\)");
    private static final Pattern QUOTED = Pattern.compile("\"([A-Z0-9_]+)\"");

    private final KnowledgeInfo info;
    private final String description;
    private final Thresholds thresholds;
    private final Terminology terminology;
    private final RuleCatalog catalog;
    private final KieContainer container;
    private final Set<String> ruleIds;
    private final Map<String, byte[]> scenarioFiles;

    private KnowledgePackage(Map<String, byte[]> files, KieContainer container) {
        JsonNode manifest = yaml(files, "manifest.yaml");
        String id = text(manifest, "id", "manifest.yaml");
        String version = text(manifest, "version", "manifest.yaml");
        this.description = manifest.path("description").asText("");
        this.info = new KnowledgeInfo(id, version, sha256(files));
        this.thresholds = parseThresholds(yaml(files, "thresholds.yaml"));
        Map<String, JsonNode> wording = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith("wording/") && path.endsWith(".yaml")) {
                wording.put(path, yaml(files, path));
            }
        });
        if (wording.isEmpty()) {
            throw new KnowledgePackageException("the knowledge package has no wording/*.yaml");
        }
        this.catalog = RuleCatalog.of(wording);
        Map<String, JsonNode> valueSets = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith("valuesets/") && path.endsWith(".json")) {
                valueSets.put(path, json(path, bytes));
            }
        });
        Map<String, JsonNode> conceptMaps = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith("conceptmaps/") && path.endsWith(".json")) {
                conceptMaps.put(path, json(path, bytes));
            }
        });
        this.terminology = Terminology.of(valueSets, conceptMaps);
        for (String concept : FactBuilder.REQUIRED_CONCEPTS) {
            if (!terminology.conceptNames().contains(concept)) {
                throw new KnowledgePackageException("valuesets/: the package must define " + concept
                        + " (the engine uses it to read the record)");
            }
        }
        for (Measure m : Measure.values()) {
            thresholds.get(m.min);
            thresholds.get(m.max);
        }
        this.container = container;
        this.ruleIds = ruleIdsOf(container);
        Map<String, byte[]> scenarios = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith("scenarios/")) {
                scenarios.put(path.substring("scenarios/".length()), bytes);
            }
        });
        this.scenarioFiles = java.util.Collections.unmodifiableMap(scenarios);
        checkReferences(files);
    }

    /** The prebuilt package from the classpath (the {@code ketamine-cds-rules} artifact). */
    public static KnowledgePackage fromClasspath() {
        ClassLoader loader = KnowledgePackage.class.getClassLoader();
        URL manifest = loader.getResource(CLASSPATH_ROOT + "/manifest.yaml");
        if (manifest == null) {
            throw new KnowledgePackageException("no knowledge package on the classpath: add the "
                    + "org.ketaminecds:ketamine-cds-rules dependency (looked for " + CLASSPATH_ROOT + "/manifest.yaml)");
        }
        Map<String, byte[]> files = readClasspathFolder(manifest);
        KieContainer container = KieServices.get().getKieClasspathContainer(loader);
        return new KnowledgePackage(files, container);
    }

    public KnowledgeInfo info() {
        return info;
    }

    public String description() {
        return description;
    }

    /** The thresholds as the package defines them. */
    public Thresholds thresholds() {
        return thresholds;
    }

    /** The ids of the rules in the package, e.g. {@code KET-CONTRA-001}. */
    public Set<String> ruleIds() {
        return ruleIds;
    }

    /** Title, rule set and sources of every rule in the package, by id. */
    public List<RuleInfo> rules() {
        return ruleIds.stream().map(id -> {
            RuleCatalog.Entry e = catalog.get(id);
            return new RuleInfo(id, e.title(), e.ruleSet(), e.sources());
        }).toList();
    }

    /** The package's scenario files and the bundles they use: path under {@code scenarios/} -> content. */
    public Map<String, byte[]> scenarioFiles() {
        return scenarioFiles;
    }

    Terminology terminology() {
        return terminology;
    }

    RuleCatalog catalog() {
        return catalog;
    }

    KieContainer container() {
        return container;
    }

    // --- loading and checks --------------------------------------------------------------------------------

    private static Set<String> ruleIdsOf(KieContainer container) {
        KieBase base;
        try {
            base = container.getKieBase(KIE_BASE);
        } catch (RuntimeException e) {
            throw new KnowledgePackageException("the rules could not be loaded: " + e.getMessage(), e);
        }
        if (base == null) {
            throw new KnowledgePackageException("kmodule.xml defines no KieBase named '" + KIE_BASE + "'");
        }
        Set<String> ids = new TreeSet<>();
        for (KiePackage p : base.getKiePackages()) {
            for (Rule r : p.getRules()) {
                Matcher m = RULE_ID.matcher(r.getName());
                if (!m.matches()) {
                    throw new KnowledgePackageException("rule \"" + r.getName() + "\" in package " + p.getName()
                            + ": a rule name must start with its catalog id, e.g. \"KET-CONTRA-001 aneurysm\"");
                }
                ids.add(m.group(1));
            }
        }
        return java.util.Collections.unmodifiableSet(ids);
    }

    /** Every rule has wording, and every concept and threshold a rule file names exists. */
    private void checkReferences(Map<String, byte[]> files) {
        for (String id : ruleIds) {
            catalog.get(id);
        }
        files.forEach((path, bytes) -> {
            if (!path.endsWith(".drl")) {
                return;
            }
            String drl = new String(bytes, StandardCharsets.UTF_8);
            Matcher concepts = CONCEPT_USE.matcher(drl);
            while (concepts.find()) {
                String c = concepts.group(1);
                if (!c.startsWith("LOCAL#") && !terminology.conceptNames().contains(c)) {
                    throw new KnowledgePackageException(path + " line " + lineOf(drl, concepts.start())
                            + ": unknown value set '" + c + "' (no valuesets/*.json has that id)");
                }
            }
            Matcher named = THRESHOLD_USE.matcher(drl);
            while (named.find()) {
                checkThreshold(path, drl, named.start(), named.group(1));
            }
            Matcher using = USING_CALL.matcher(drl);
            while (using.find()) {
                Matcher q = QUOTED.matcher(using.group(1));
                while (q.find()) {
                    checkThreshold(path, drl, using.start(), q.group(1));
                }
            }
        });
    }

    private void checkThreshold(String path, String drl, int at, String name) {
        if (!thresholds.names().contains(name)) {
            throw new KnowledgePackageException(path + " line " + lineOf(drl, at) + ": unknown threshold '" + name
                    + "' (not in thresholds.yaml)");
        }
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static Thresholds parseThresholds(JsonNode root) {
        Map<String, Thresholds.Threshold> byName = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> {
            JsonNode t = e.getValue();
            if (!t.path("value").isNumber()) {
                throw new KnowledgePackageException("thresholds.yaml: " + e.getKey() + " needs a numeric 'value'");
            }
            byName.put(e.getKey(), new Thresholds.Threshold(t.path("value").asDouble(), t.path("unit").asText(""),
                    t.path("basis").asText("")));
        });
        return new Thresholds(byName);
    }

    /** Hash of the package's source files (not its scenarios) in path order: reproducible across builds. */
    private static String sha256(Map<String, byte[]> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                if (!f.getKey().startsWith("scenarios/")) {
                    digest.update(f.getKey().getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                    digest.update(f.getValue());
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static JsonNode yaml(Map<String, byte[]> files, String name) {
        byte[] bytes = files.get(name);
        if (bytes == null) {
            throw new KnowledgePackageException("the knowledge package has no " + name);
        }
        try {
            return YAML.readTree(bytes);
        } catch (IOException e) {
            throw new KnowledgePackageException(name + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    private static JsonNode json(String name, byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new KnowledgePackageException(name + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field, String file) {
        String v = node.path(field).asText("");
        if (v.isEmpty()) {
            throw new KnowledgePackageException(file + ": missing '" + field + "'");
        }
        return v;
    }

    /** Reads every source file under the folder of the manifest, from a jar or a directory, sorted by path. */
    private static Map<String, byte[]> readClasspathFolder(URL manifest) {
        try {
            URI uri = manifest.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                boolean created = false;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                    created = true;
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                try {
                    return readFolder(fs.getPath("/" + CLASSPATH_ROOT));
                } finally {
                    if (created) {
                        fs.close();
                    }
                }
            }
            return readFolder(Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new KnowledgePackageException("cannot read the knowledge package at " + manifest + ": " + e.getMessage(), e);
        }
    }

    static Map<String, byte[]> readFolder(Path root) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (rel.endsWith(".drl") || rel.endsWith(".yaml") || rel.endsWith(".yml") || rel.endsWith(".json")) {
                    try {
                        files.put(rel, Files.readAllBytes(p));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new KnowledgePackageException("cannot read the knowledge package folder " + root + ": " + e.getMessage(), e);
        }
        return files;
    }
}
