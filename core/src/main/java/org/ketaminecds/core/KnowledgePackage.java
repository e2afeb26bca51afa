package org.ketaminecds.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
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
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drools.model.Model;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
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
    /** The name of a rule that derives a fact other rules read (the DRL counterpart of a CQL {@code define}). */
    static final String DEFINE_PREFIX = "define ";
    static final Pattern RULE_ID = Pattern.compile("^(KET-(?:CAND|CONTRA|TOL|MON)-\\d{3})\\b.*");
    private static final Pattern RULE_DECLARATION =
            Pattern.compile("(?m)^[ \\t]*rule[ \\t]+(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"']+))");
    /**
     * A concept named in a rule: {@code isA("X")}, {@code valueIsA("X")} or {@code looksLike("X")} (group 1), or the
     * way a Reading pattern opens, {@code concept == "X"} (group 2) or {@code isAnyOf("X", "Y")} (group 3).
     */
    private static final Pattern CONCEPT_USE = Pattern.compile(
            "(?:isA|valueIsA|looksLike)\\(\\s*\"([^\"]+)\"|concept\\s*==\\s*\"([^\"]+)\"|isAnyOf\\(([^)]*)\\)");
    private static final Pattern QUOTED_ANY = Pattern.compile("\"([^\"]+)\"");
    /** A Reading pattern that does not open with its concept (see {@code Reading}: it would match once per concept). */
    private static final Pattern READING_WITHOUT_CONCEPT =
            Pattern.compile("\\bReading\\s*\\(\\s*+(?!concept\\s*==\\s*\"|isAnyOf\\s*\\()");
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern THRESHOLD_USE =
            Pattern.compile("(?:threshold|duration|describe)\\(\\s*\"([A-Z0-9_]+)\"\\s*\\)");
    private static final Pattern USING_CALL = Pattern.compile("using\\(([^)]*)\\)");
    private static final Pattern QUOTED = Pattern.compile("\"([A-Z0-9_]+)\"");

    private final KnowledgeInfo info;
    private final PackageSignature signature;
    private final String description;
    private final Thresholds thresholds;
    private final Terminology terminology;
    private final RuleCatalog catalog;
    private final KieContainer container;
    private final Set<String> ruleIds;
    private final Map<String, byte[]> scenarioFiles;
    private final Map<String, byte[]> files;
    private final Set<String> readingConcepts;
    private final List<KnowledgePackageException.Problem> warnings;

    private KnowledgePackage(KnowledgeInfo info, PackageSignature signature, String description, Thresholds thresholds,
                             Terminology terminology, RuleCatalog catalog, KieContainer container, Set<String> ruleIds,
                             Map<String, byte[]> scenarioFiles, Map<String, byte[]> files,
                             List<KnowledgePackageException.Problem> wordingWarnings) {
        this.info = info;
        this.signature = signature;
        this.description = description;
        this.thresholds = thresholds;
        this.terminology = terminology;
        this.catalog = catalog;
        this.container = container;
        this.ruleIds = ruleIds;
        this.scenarioFiles = scenarioFiles;
        this.files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
        this.readingConcepts = readingConcepts(files);
        List<KnowledgePackageException.Problem> all = new ArrayList<>(terminology.warnings());
        all.addAll(wordingWarnings);
        this.warnings = List.copyOf(sorted(all));
    }

    /** The prebuilt package from the classpath (the {@code ketamine-cds-rules} artifact). */
    public static KnowledgePackage fromClasspath() {
        ClassLoader loader = KnowledgePackage.class.getClassLoader();
        URL manifest = loader.getResource(CLASSPATH_ROOT + "/manifest.yaml");
        if (manifest == null) {
            throw new KnowledgePackageException("no knowledge package on the classpath: add the "
                    + "org.ketaminecds:ketamine-cds-rules dependency (looked for " + CLASSPATH_ROOT + "/manifest.yaml)");
        }
        return load(readClasspathFolder(manifest), new PackageSignature(PackageSignature.Status.NONE, null, null),
                KnowledgeInfo.Source.BUILT_IN, problems -> KieServices.get().getKieClasspathContainer(loader));
    }

    /**
     * A package from a folder, signed or not ({@link RuleFolderPolicy#signatureOptional()}): for an author's own
     * tools. A host that serves patients loads folders with {@link #fromDirectory(Path, RuleFolderPolicy)} and
     * {@link RuleFolderPolicy#signedBy}.
     *
     * @throws KnowledgePackageException listing every problem found (file, line, what is wrong)
     */
    public static KnowledgePackage fromDirectory(Path dir) {
        return fromDirectory(dir, RuleFolderPolicy.signatureOptional());
    }

    /**
     * A package from a folder laid out like {@code rules/src/main/resources/org/ketaminecds/rules} (manifest.yaml,
     * thresholds.yaml, *.drl, wording/, valuesets/, conceptmaps/, scenarios/), its DRL compiled now. In this order,
     * each step refusing the folder before the next: the sizes of its files against the policy's limits (before a
     * byte is read; no link out of the folder), its signature when the policy requires one, every rule file against
     * the allow-list of what a rule may use (nothing compiled yet), then the compile. Takes seconds, not
     * milliseconds; needs {@code org.drools:drools-mvel} on the classpath.
     *
     * @throws KnowledgePackageException listing every problem found (file, line, what is wrong), compile errors
     *                                   included
     */
    public static KnowledgePackage fromDirectory(Path dir, RuleFolderPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        Map<String, byte[]> files = readPackageFolder(dir, policy);
        PackageSignature signature = PackageSignature.check(dir, sha256(files), policy);
        boolean trusted = signature.status() == PackageSignature.Status.TRUSTED;
        if (policy.signatureRequired() && !trusted) {
            // An untrusted folder is refused before any of it is parsed: the parsers are code too.
            throw new KnowledgePackageException(List.of(new KnowledgePackageException.Problem(PackageSignature.FILE, 0,
                    "this host loads only rule folders signed by a trusted key: " + signature.describe())));
        }
        return load(files, signature, trusted ? KnowledgeInfo.Source.SIGNED_FOLDER : KnowledgeInfo.Source.UNSIGNED_FOLDER,
                problems -> {
                    List<KnowledgePackageException.Problem> refused = checkRuleFiles(files);
                    if (!refused.isEmpty()) {
                        problems.addAll(refused);
                        return null; // never compiled: compiling DRL runs some of it
                    }
                    return DrlCompiler.compile(files, problems);
                });
    }

    /**
     * Signs a rule folder: checks it as {@link #fromDirectory} would up to the compile (its rule files against the
     * allow-list), then writes {@code knowledge.sig}, an Ed25519 signature over its package hash. Signing says "I
     * vouch for these rules": validate and test the folder first.
     *
     * @return the signed package's id, version, hash and the key id that signed it
     * @throws KnowledgePackageException  listing the problems that stop it from being signed
     * @throws IllegalArgumentException   when the key is not an Ed25519 private key
     */
    public static KnowledgeInfo sign(Path dir, PrivateKey key) {
        Objects.requireNonNull(key, "key");
        // The signer's own folder: the host that loads it applies its limits.
        Map<String, byte[]> files = readPackageFolder(dir, RuleFolderPolicy.BUILT_IN);
        List<KnowledgePackageException.Problem> problems = new ArrayList<>(checkRuleFiles(files));
        JsonNode manifest = attempt(problems, () -> yaml(files, "manifest.yaml"));
        String id = manifest == null ? null : attempt(problems, () -> text(manifest, "id", "manifest.yaml"));
        String version = manifest == null ? null : attempt(problems, () -> text(manifest, "version", "manifest.yaml"));
        if (!problems.isEmpty()) {
            throw new KnowledgePackageException(sorted(problems));
        }
        KnowledgeInfo unsigned = new KnowledgeInfo(id, version, sha256(files), KnowledgeInfo.Source.UNSIGNED_FOLDER, null);
        String keyId = PackageSignature.write(dir, unsigned, key);
        return new KnowledgeInfo(id, version, unsigned.sha256(), KnowledgeInfo.Source.SIGNED_FOLDER, keyId);
    }

    private static Map<String, byte[]> readPackageFolder(Path dir, RuleFolderPolicy policy) {
        if (!Files.isDirectory(dir)) {
            throw new KnowledgePackageException(dir + ": not a folder");
        }
        Map<String, byte[]> files = RuleFolder.read(dir, policy);
        if (!files.containsKey("manifest.yaml")) {
            throw new KnowledgePackageException(dir + ": not a knowledge package (no manifest.yaml in it)");
        }
        return files;
    }

    /** Every rule file against the allow-list ({@link DrlAllowList}): what must be fixed before any is compiled. */
    private static List<KnowledgePackageException.Problem> checkRuleFiles(Map<String, byte[]> files) {
        List<KnowledgePackageException.Problem> problems = new ArrayList<>();
        files.forEach((path, bytes) -> {
            if (path.endsWith(".drl")) {
                problems.addAll(DrlAllowList.check(path, new String(bytes, StandardCharsets.UTF_8)));
            }
        });
        return problems;
    }

    private static List<KnowledgePackageException.Problem> sorted(List<KnowledgePackageException.Problem> problems) {
        problems.sort(Comparator.comparing(KnowledgePackageException.Problem::file)
                .thenComparingInt(KnowledgePackageException.Problem::line));
        return problems;
    }

    /**
     * The one way a package is read, wherever it comes from: every file parsed and checked, every problem collected
     * (so a folder's author sees them all at once), then the rules from {@code rules}.
     */
    private static KnowledgePackage load(Map<String, byte[]> files, PackageSignature signature,
                                         KnowledgeInfo.Source source,
                                         Function<List<KnowledgePackageException.Problem>, KieContainer> rules) {
        List<KnowledgePackageException.Problem> problems = new ArrayList<>();
        JsonNode manifest = attempt(problems, () -> yaml(files, "manifest.yaml"));
        String id = manifest == null ? null : attempt(problems, () -> text(manifest, "id", "manifest.yaml"));
        String version = manifest == null ? null : attempt(problems, () -> text(manifest, "version", "manifest.yaml"));
        Thresholds thresholds = attempt(problems, () -> parseThresholds(files));
        if (thresholds != null) {
            for (Measure m : Measure.values()) {
                for (String name : m.checked() ? List.of(m.min, m.max) : List.<String>of()) {
                    if (!thresholds.names().contains(name)) {
                        problems.add(new KnowledgePackageException.Problem("thresholds.yaml", 0, "the package must "
                                + "define " + name + " (the engine uses it to check " + m.label + " readings)"));
                    }
                }
            }
            for (String name : FactBuilder.REQUIRED_THRESHOLDS) {
                if (!thresholds.names().contains(name)) {
                    problems.add(new KnowledgePackageException.Problem("thresholds.yaml", 0, "the package must define "
                            + name + " (the engine uses it to tell which medications are current)"));
                }
            }
        }
        RuleCatalog catalog = catalog(files, problems);
        Terminology terminology = terminology(files, problems);
        if (terminology != null) {
            for (String concept : FactBuilder.REQUIRED_CONCEPTS) {
                if (!terminology.conceptNames().contains(concept)) {
                    problems.add(new KnowledgePackageException.Problem("valuesets/", 0, "the package must define "
                            + concept + " (the engine uses it to read the record)"));
                }
            }
        }
        checkRuleNames(files, catalog, problems);
        WordingCheck.Result wording = catalog == null ? null : WordingCheck.check(files, catalog, thresholds);
        if (wording != null) {
            problems.addAll(wording.problems());
        }
        checkReferences(files, terminology, thresholds, problems);
        KieContainer container = attempt(problems, () -> rules.apply(problems));
        Set<String> ruleIds = container == null ? null : attempt(problems, () -> ruleIdsOf(container));
        if (!problems.isEmpty()) {
            throw new KnowledgePackageException(sorted(problems));
        }
        Map<String, byte[]> scenarios = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith("scenarios/")) {
                scenarios.put(path.substring("scenarios/".length()), bytes);
            }
        });
        KnowledgeInfo info = new KnowledgeInfo(id, version, sha256(files), source,
                source == KnowledgeInfo.Source.SIGNED_FOLDER ? signature.keyId() : null);
        return new KnowledgePackage(info, signature, manifest.path("description").asText(""), thresholds, terminology, catalog, container, ruleIds,
                Collections.unmodifiableMap(scenarios), files, wording.warnings());
    }

    /** Runs one check; its failure becomes a problem (or several) and {@code null}, so later checks still run. */
    private static <T> T attempt(List<KnowledgePackageException.Problem> problems, Supplier<T> check) {
        try {
            return check.get();
        } catch (KnowledgePackageException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    public KnowledgeInfo info() {
        return info;
    }

    /** What the folder's {@code knowledge.sig} says (status NONE for the prebuilt package, which has none). */
    public PackageSignature signature() {
        return signature;
    }

    public String description() {
        return description;
    }

    /**
     * What the package allows but its author probably did not mean, each with its file (and line): a value set with
     * both a compose and an expansion (the expansion is used), a medication code without a display, a wording text
     * that spells out the value of a threshold its rule uses (a site override would not change it). {@code rules
     * validate} prints them; they never stop a package from loading.
     */
    public List<KnowledgePackageException.Problem> warnings() {
        return warnings;
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

    /**
     * Writes the package's source files (rules, value sets, thresholds, wording, manifest, scenarios) into
     * {@code dir}, laid out so that {@link #fromDirectory} reads them back: how an informaticist starts a rule folder
     * from the bundled package. Never overwrites: a file that exists already is an error.
     *
     * @throws KnowledgePackageException naming the file that could not be written
     */
    public void writeTo(Path dir) {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path target = dir.resolve(f.getKey());
            try {
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue(), java.nio.file.StandardOpenOption.CREATE_NEW);
            } catch (IOException e) {
                throw new KnowledgePackageException(target + ": cannot be written (" + e.getMessage() + ")", e);
            }
        }
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

    /** The concepts the rules look Readings up by (see {@code Reading}). */
    Set<String> readingConcepts() {
        return readingConcepts;
    }

    /** Every source file of the package (rules, value sets, ...): path -> content. */
    Map<String, byte[]> sourceFiles() {
        return files;
    }

    // --- loading and checks --------------------------------------------------------------------------------

    /** The wording files, each checked on its own first so that one bad file does not hide the others' problems. */
    private static RuleCatalog catalog(Map<String, byte[]> files, List<KnowledgePackageException.Problem> problems) {
        Map<String, JsonNode> wording = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith("wording/") && path.endsWith(".yaml")) {
                JsonNode node = attempt(problems, () -> yaml(files, path));
                if (node != null && attempt(problems, () -> RuleCatalog.of(Map.of(path, node))) != null) {
                    wording.put(path, node);
                }
            }
        });
        if (wording.isEmpty()) {
            problems.add(new KnowledgePackageException.Problem("wording/", 0, "the knowledge package has no usable "
                    + "wording/*.yaml"));
            return null;
        }
        return attempt(problems, () -> RuleCatalog.of(wording));
    }

    /** The value sets and concept maps, each file checked on its own first, then together (ids, includes). */
    private static Terminology terminology(Map<String, byte[]> files,
                                           List<KnowledgePackageException.Problem> problems) {
        Map<String, JsonNode> valueSets = new TreeMap<>();
        Map<String, JsonNode> conceptMaps = new TreeMap<>();
        boolean complete = true;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String path = f.getKey();
            boolean valueSet = path.startsWith("valuesets/") && path.endsWith(".json");
            if (valueSet || path.startsWith("conceptmaps/") && path.endsWith(".json")) {
                JsonNode parsed = attempt(problems, () -> json(path, f.getValue()));
                JsonNode node = parsed != null && valueSet
                        ? attempt(problems, () -> Terminology.check(path, parsed, text(files, path))) : parsed;
                if (node == null) {
                    complete = false;
                } else {
                    (valueSet ? valueSets : conceptMaps).put(path, node);
                }
            }
        }
        // With a file left out, cross-file checks would only report its absence again.
        return complete ? attempt(problems, () -> Terminology.of(valueSets, conceptMaps, path -> text(files, path))) : null;
    }

    private static String text(Map<String, byte[]> files, String path) {
        byte[] bytes = files.get(path);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Set<String> ruleIdsOf(KieContainer container) {
        Collection<Model> models = ModeSessions.executableModelOf(container, KIE_BASE);
        if (models != null) {
            // The prebuilt model names its rules: no need to build the whole rule network (~0.5 s of a cold start)
            // when the engine builds only the bases of the modes it runs.
            return ruleIds(models.stream().flatMap(m -> m.getRules().stream()).map(org.drools.model.Rule::getName));
        }
        KieBase base;
        try {
            base = container.getKieBase(KIE_BASE);
        } catch (RuntimeException e) {
            throw new KnowledgePackageException("the rules could not be loaded: " + e.getMessage(), e);
        }
        if (base == null) {
            throw new KnowledgePackageException("kmodule.xml defines no KieBase named '" + KIE_BASE + "'");
        }
        return ruleIds(base.getKiePackages().stream().flatMap(p -> p.getRules().stream()).map(Rule::getName));
    }

    private static Set<String> ruleIds(Stream<String> ruleNames) {
        Set<String> ids = new TreeSet<>();
        ruleNames.forEach(name -> {
            Matcher m = RULE_ID.matcher(name);
            // A name not of the catalog's form was reported, with its line, by checkRuleNames.
            if (m.matches()) {
                ids.add(m.group(1));
            }
        });
        return Collections.unmodifiableSet(ids);
    }

    /**
     * Read from the DRL text, not the compiled rules, so the problems show with their line and even when the DRL
     * does not compile: every rule name starts with a catalog id, and every id has wording. (Two rules with one
     * name are a compile error, reported by the compiler with its line.)
     */
    private static void checkRuleNames(Map<String, byte[]> files, RuleCatalog catalog,
                                       List<KnowledgePackageException.Problem> problems) {
        Set<String> withoutWording = new TreeSet<>();
        files.forEach((path, bytes) -> {
            if (!path.endsWith(".drl")) {
                return;
            }
            String drl = new String(bytes, StandardCharsets.UTF_8);
            Matcher rule = RULE_DECLARATION.matcher(drl);
            while (rule.find()) {
                String name = rule.group(1) != null ? rule.group(1) : rule.group(2) != null ? rule.group(2) : rule.group(3);
                int line = lineOf(drl, rule.start());
                Matcher id = RULE_ID.matcher(name);
                if (name.startsWith(DEFINE_PREFIX)) {
                    continue; // a define rule names an intermediate fact other rules read; it has no finding
                }
                if (!id.matches()) {
                    problems.add(new KnowledgePackageException.Problem(path, line, "rule \"" + name + "\": a rule "
                            + "name must start with its catalog id, KET-CAND-, KET-CONTRA-, KET-TOL- or KET-MON- and "
                            + "three digits, e.g. \"KET-CONTRA-001 aneurysm\", or, for a rule that derives a fact other rules "
                            + "read, with \"define \", e.g. \"define early refills\""));
                } else if (catalog != null && !catalog.ids().contains(id.group(1)) && withoutWording.add(id.group(1))) {
                    problems.add(new KnowledgePackageException.Problem(path, line, "rule " + id.group(1)
                            + " has no wording: add it to one of wording/*.yaml (title, ruleSet, summary, detail)"));
                }
            }
        });
    }

    /** Every concept and threshold a rule file names exists. */
    private static void checkReferences(Map<String, byte[]> files, Terminology terminology, Thresholds thresholds,
                                        List<KnowledgePackageException.Problem> problems) {
        files.forEach((path, bytes) -> {
            if (!path.endsWith(".drl")) {
                return;
            }
            String drl = new String(bytes, StandardCharsets.UTF_8);
            Matcher concepts = CONCEPT_USE.matcher(drl);
            while (terminology != null && concepts.find()) {
                for (String c : conceptsNamed(concepts)) {
                    if (!c.startsWith("LOCAL#") && !terminology.conceptNames().contains(c)) {
                        problems.add(new KnowledgePackageException.Problem(path, lineOf(drl, concepts.start()),
                                "unknown value set '" + c + "' (no valuesets/*.json has that id)"));
                    }
                }
            }
            // Comments may show a pattern the old way; blanked, not removed, so that line numbers stay true.
            Matcher reading = READING_WITHOUT_CONCEPT.matcher(COMMENT.matcher(drl).replaceAll(
                    c -> c.group().replaceAll("[^\\n]", " ")));
            while (reading.find()) {
                problems.add(new KnowledgePackageException.Problem(path, lineOf(drl, reading.start()), "a Reading "
                        + "pattern must open with concept == \"VS-...\" or isAnyOf(\"VS-...\", ...): an observation in "
                        + "two value sets is one Reading per concept, so any other opening matches it more than once"));
            }
            if (thresholds == null) {
                return;
            }
            Matcher named = THRESHOLD_USE.matcher(drl);
            while (named.find()) {
                checkThreshold(thresholds, path, drl, named.start(), named.group(1), problems);
            }
            Matcher using = USING_CALL.matcher(drl);
            while (using.find()) {
                Matcher q = QUOTED.matcher(using.group(1));
                while (q.find()) {
                    checkThreshold(thresholds, path, drl, using.start(), q.group(1), problems);
                }
            }
        });
    }

    private static List<String> conceptsNamed(Matcher use) {
        if (use.group(3) == null) {
            return List.of(use.group(1) != null ? use.group(1) : use.group(2));
        }
        return QUOTED_ANY.matcher(use.group(3)).results().map(q -> q.group(1)).toList();
    }

    /**
     * The concepts Reading patterns open with ({@code concept == "X"}, {@code isAnyOf(...)}): the only ones a Reading
     * needs to be filed under, since no pattern can find it under any other.
     */
    private static Set<String> readingConcepts(Map<String, byte[]> files) {
        Set<String> filed = new TreeSet<>();
        files.forEach((path, bytes) -> {
            if (path.endsWith(".drl")) {
                Matcher use = CONCEPT_USE.matcher(new String(bytes, StandardCharsets.UTF_8));
                while (use.find()) {
                    if (use.group(1) == null) {
                        filed.addAll(conceptsNamed(use));
                    }
                }
            }
        });
        return Collections.unmodifiableSet(filed);
    }

    private static void checkThreshold(Thresholds thresholds, String path, String drl, int at, String name,
                                       List<KnowledgePackageException.Problem> problems) {
        if (!thresholds.names().contains(name)) {
            problems.add(new KnowledgePackageException.Problem(path, lineOf(drl, at), "unknown threshold '" + name
                    + "' (not in thresholds.yaml)"));
        }
    }

    /** The 1-based line of {@code offset} in {@code text}. */
    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static Thresholds parseThresholds(Map<String, byte[]> files) {
        JsonNode root = yaml(files, "thresholds.yaml");
        String text = new String(files.get("thresholds.yaml"), StandardCharsets.UTF_8);
        Map<String, Thresholds.Threshold> byName = new LinkedHashMap<>();
        List<KnowledgePackageException.Problem> problems = new ArrayList<>();
        root.fields().forEachRemaining(e -> {
            JsonNode t = e.getValue();
            if (!t.path("value").isNumber()) {
                int at = text.indexOf(e.getKey() + ":");
                problems.add(new KnowledgePackageException.Problem("thresholds.yaml", at < 0 ? 0 : lineOf(text, at),
                        e.getKey() + " needs a numeric 'value'"));
                return;
            }
            byName.put(e.getKey(), new Thresholds.Threshold(t.path("value").asDouble(), t.path("unit").asText(""),
                    t.path("basis").asText("")));
        });
        if (!problems.isEmpty()) {
            throw new KnowledgePackageException(problems);
        }
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
            throw unparsable(name, "YAML", e);
        }
    }

    private static JsonNode json(String name, byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw unparsable(name, "JSON", e);
        }
    }

    /** The parser's own words, without its multi-line location dump, at the line it stopped. */
    private static KnowledgePackageException unparsable(String name, String format, IOException e) {
        int line = 0;
        String why = e.getMessage();
        if (e instanceof JsonProcessingException j) {
            line = j.getLocation() == null ? 0 : Math.max(j.getLocation().getLineNr(), 0);
            why = j.getOriginalMessage();
        }
        why = why == null ? "" : why.lines().findFirst().orElse("").strip();
        return new KnowledgePackageException(List.of(new KnowledgePackageException.Problem(name, line,
                "not valid " + format + ": " + why)));
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
                    return RuleFolder.read(fs.getPath("/" + CLASSPATH_ROOT), RuleFolderPolicy.BUILT_IN);
                } finally {
                    if (created) {
                        fs.close();
                    }
                }
            }
            return RuleFolder.read(Path.of(uri).getParent(), RuleFolderPolicy.BUILT_IN);
        } catch (URISyntaxException | IOException e) {
            throw new KnowledgePackageException("cannot read the knowledge package at " + manifest + ": " + e.getMessage(), e);
        }
    }
}
