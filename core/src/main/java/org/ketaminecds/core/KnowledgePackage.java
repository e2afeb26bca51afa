package org.ketaminecds.core;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A knowledge package: the rule files, value sets, thresholds, wording and scenarios that make up the clinical
 * content, checked for consistency when loaded. The prebuilt package ({@code ketamine-cds-rules} on the
 * classpath) is the default.
 *
 * <p>The entry point to reading the files ({@code PackageFiles}), loading them ({@code PackageLoader}) and the checks
 * that name a file and line ({@code PackageProblems}).
 */
public final class KnowledgePackage {

    /** Where the prebuilt package lives on the classpath. */
    public static final String CLASSPATH_ROOT = "org/ketaminecds/rules";
    static final String KIE_BASE = "ketamine-cds";
    static final String KIE_SESSION = "ketamine-cds-session";

    private final KnowledgeInfo info;
    private final PackageSignature signature;
    private final String description;
    private final Thresholds thresholds;
    private final Terminology terminology;
    private final RuleCatalog catalog;
    private final CompiledRules rules;
    private final Set<String> ruleIds;
    private final Map<String, Set<Mode>> ruleModes;
    private final Map<String, byte[]> scenarioFiles;
    private final Map<String, byte[]> files;
    private final Set<String> readingConcepts;
    private final List<KnowledgePackageException.Problem> warnings;
    /** The rule files as {@link #describe} reads them; made on its first call. */
    private volatile Map<String, DrlSource> ruleSources;

    /** Made by {@link PackageLoader#load}, after every check passed. */
    KnowledgePackage(KnowledgeInfo info, PackageSignature signature, String description, Thresholds thresholds,
                     Terminology terminology, RuleCatalog catalog, CompiledRules rules, Set<String> ruleIds,
                     Map<String, Set<Mode>> ruleModes, Map<String, byte[]> scenarioFiles, Map<String, byte[]> files,
                     Set<String> readingConcepts, List<KnowledgePackageException.Problem> wordingWarnings) {
        this.info = info;
        this.signature = signature;
        this.description = description;
        this.thresholds = thresholds;
        this.terminology = terminology;
        this.catalog = catalog;
        this.rules = rules;
        this.ruleIds = ruleIds;
        this.ruleModes = ruleModes;
        this.scenarioFiles = scenarioFiles;
        this.files = Collections.unmodifiableMap(new TreeMap<>(files));
        this.readingConcepts = readingConcepts;
        List<KnowledgePackageException.Problem> all = new java.util.ArrayList<>(terminology.warnings());
        all.addAll(wordingWarnings);
        this.warnings = List.copyOf(PackageProblems.sorted(all));
    }

    /** The prebuilt package from the classpath (the {@code ketamine-cds-rules} artifact). */
    public static KnowledgePackage fromClasspath() {
        ClassLoader loader = KnowledgePackage.class.getClassLoader();
        URL manifest = loader.getResource(CLASSPATH_ROOT + "/manifest.yaml");
        if (manifest == null) {
            throw new KnowledgePackageException("no knowledge package on the classpath: add the "
                    + "org.ketaminecds:ketamine-cds-rules dependency (looked for " + CLASSPATH_ROOT + "/manifest.yaml)");
        }
        return PackageLoader.load(PackageFiles.fromClasspath(manifest),
                new PackageSignature(PackageSignature.Status.NONE, null, null),
                KnowledgeInfo.Source.BUILT_IN, problems -> CompiledRules.prebuilt(loader));
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
        return fromFolderFiles(dir, PackageFiles.fromFolder(dir, policy), policy, null);
    }

    /**
     * A rule folder's package files as {@link #fromDirectory} reads them (within the policy's size limits, no link
     * out of the folder): path inside the folder -> content, sorted by path. What an edit loop compares between saves.
     *
     * @throws KnowledgePackageException naming what cannot be read (not a folder, no manifest, a file over the limits)
     */
    public static Map<String, byte[]> readFolder(Path dir, RuleFolderPolicy policy) {
        return Collections.unmodifiableMap(PackageFiles.fromFolder(dir, Objects.requireNonNull(policy, "policy")));
    }

    /**
     * The package of the files just read from {@code dir} by {@link #readFolder}, checked as {@link #fromDirectory}
     * checks them; when its rule files are those of {@code previous}, byte for byte, their compiled rules are taken
     * from {@code previous} instead of compiled again (milliseconds instead of seconds, for an edit of thresholds,
     * wording, value sets or scenarios).
     *
     * @param previous a package loaded from this folder before, or {@code null} to compile
     * @throws KnowledgePackageException listing every problem found (file, line, what is wrong)
     */
    public static KnowledgePackage fromFolderFiles(Path dir, Map<String, byte[]> files, RuleFolderPolicy policy,
                                                   KnowledgePackage previous) {
        Objects.requireNonNull(policy, "policy");
        PackageSignature signature = PackageSignature.check(dir, PackageFiles.sha256(files), policy);
        boolean trusted = signature.status() == PackageSignature.Status.TRUSTED;
        if (policy.signatureRequired() && !trusted) {
            // An untrusted folder is refused before any of it is parsed: the parsers are code too.
            throw new KnowledgePackageException(List.of(new KnowledgePackageException.Problem(PackageSignature.FILE, 0,
                    "this host loads only rule folders signed by a trusted key: " + signature.describe())));
        }
        boolean sameRules = previous != null && previous.info.source() != KnowledgeInfo.Source.BUILT_IN
                && sameRuleFiles(previous.files, files);
        return PackageLoader.load(files, signature,
                trusted ? KnowledgeInfo.Source.SIGNED_FOLDER : KnowledgeInfo.Source.UNSIGNED_FOLDER,
                problems -> sameRules ? previous.rules : PackageLoader.compile(files, problems));
    }

    /** The same {@code .drl} paths with the same bytes: the compiled rules of one serve the other. */
    private static boolean sameRuleFiles(Map<String, byte[]> a, Map<String, byte[]> b) {
        Map<String, byte[]> ruleFiles = new TreeMap<>();
        a.forEach((path, bytes) -> {
            if (path.endsWith(".drl")) {
                ruleFiles.put(path, bytes);
            }
        });
        return ruleFiles.size() == b.keySet().stream().filter(path -> path.endsWith(".drl")).count()
                && ruleFiles.entrySet().stream().allMatch(f -> java.util.Arrays.equals(f.getValue(), b.get(f.getKey())));
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
        Map<String, byte[]> files = PackageFiles.fromFolder(dir, RuleFolderPolicy.BUILT_IN);
        List<KnowledgePackageException.Problem> problems = new ArrayList<>(PackageProblems.ruleFiles(files));
        PackageLoader.Manifest manifest = PackageLoader.manifest(files, problems);
        if (!problems.isEmpty()) {
            throw new KnowledgePackageException(PackageProblems.sorted(problems));
        }
        KnowledgeInfo unsigned = new KnowledgeInfo(manifest.id(), manifest.version(), PackageFiles.sha256(files),
                KnowledgeInfo.Source.UNSIGNED_FOLDER, null);
        String keyId = PackageSignature.write(dir, unsigned, key);
        return new KnowledgeInfo(manifest.id(), manifest.version(), unsigned.sha256(), KnowledgeInfo.Source.SIGNED_FOLDER,
                keyId);
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

    /**
     * The catalog id of the rule whose text, from {@code rule} to {@code end}, holds {@code line} of a rule file, or
     * {@code null}: how {@code rules validate --rule} tells a rule's problems from the rest, even in a package that
     * does not load.
     */
    public static String ruleIdAt(String drl, int line) {
        DrlSource source = DrlSource.of("", drl);
        for (DrlSource.Rule r : source.rules()) {
            if (r.line() <= line && line <= source.lineOf(r.at() + r.body().length())) {
                return r.id();
            }
        }
        return null;
    }

    /** Title, rule set and sources of every rule in the package, by id. */
    public List<RuleInfo> rules() {
        return ruleIds.stream().map(id -> {
            RuleCatalog.Entry e = catalog.get(id);
            return new RuleInfo(id, e.title(), e.ruleSet(), e.sources());
        }).toList();
    }

    /**
     * One rule as a reader sees it: its catalog entry, modes, default wording, and the thresholds, concepts and DRL
     * lines of the rules that carry its id (derived facts they read are not followed).
     *
     * @throws IllegalArgumentException for an id that is not a rule of the package
     */
    public RuleDescription describe(String ruleId) {
        if (!ruleIds.contains(ruleId)) {
            throw new IllegalArgumentException("no rule " + ruleId + " in the package");
        }
        Map<String, DrlSource> drl = ruleSources;
        if (drl == null) {
            drl = DrlSource.of(files); // read once, when a reader first asks: evaluation never needs it
            ruleSources = drl;
        }
        return RuleDescriptions.describe(catalog.get(ruleId), drl, ruleModes);
    }

    /**
     * The concepts (value set ids such as {@code VS-BP-SYSTOLIC}, local codes) the package files these codings
     * under: how a tool sorts a record's entries the way the rules see them.
     */
    public Set<String> conceptsOf(java.util.Collection<org.ketaminecds.core.record.Coding> codings) {
        return terminology.conceptsOf(codings);
    }

    /**
     * What a concept's value set lists, one line each ({@code system|code display}, {@code system|prefix*},
     * {@code value set X}, {@code not ...}); empty for a concept the package does not define.
     */
    public List<String> valueSetListing(String concept) {
        return terminology.listing(concept);
    }

    /** The text of one of the package's source files ({@code monitoring.drl}), or {@code null} when it has none. */
    public String sourceText(String path) {
        byte[] bytes = files.get(path);
        return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
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

    CompiledRules compiledRules() {
        return rules;
    }

    /** The concepts the rules look Readings up by (see {@code Reading}). */
    Set<String> readingConcepts() {
        return readingConcepts;
    }

    /** Rule name -> the modes it fires in, as its {@code @modes} metadata declares them. */
    Map<String, Set<Mode>> ruleModes() {
        return ruleModes;
    }
}
