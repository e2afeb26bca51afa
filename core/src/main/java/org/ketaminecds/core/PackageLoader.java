package org.ketaminecds.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ketaminecds.core.KnowledgePackageException.Problem;
import org.kie.api.runtime.KieContainer;

/**
 * Loading a package from its files: every file parsed, every check run, the rules compiled (or taken prebuilt), every
 * problem collected so that a folder's author sees them all at once.
 */
final class PackageLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private PackageLoader() {
    }

    /** The manifest's id and version. */
    record Manifest(JsonNode node, String id, String version) {
    }

    /**
     * The one way a package is read, wherever it comes from: every file parsed and checked, every problem collected,
     * then the rules from {@code rules}, which gets the list to add its own problems to.
     *
     * @throws KnowledgePackageException listing every problem, in file and line order
     */
    static KnowledgePackage load(Map<String, byte[]> files, PackageSignature signature, KnowledgeInfo.Source source,
                                 Function<List<Problem>, CompiledRules> rules) {
        // The rules load on a thread of their own while the other files are parsed and checked: on a cold start both
        // are mostly class loading, of about the same size (the prebuilt model, or a folder's compile).
        List<Problem> ruleProblems = new ArrayList<>();
        FutureTask<Rules> ruleLoad = new FutureTask<>(() -> rules(rules, ruleProblems));
        Thread loader = new Thread(ruleLoad, "ketamine-cds-rules-load");
        loader.setDaemon(true);
        loader.start();
        List<Problem> problems = new ArrayList<>();
        Manifest manifest = manifest(files, problems);
        Collection<DrlSource> drl = DrlSource.of(files).values();
        Thresholds thresholds = attempt(problems, () -> thresholds(files));
        if (thresholds != null) {
            PackageProblems.requiredThresholds(thresholds, problems);
        }
        RuleCatalog catalog = catalog(files, problems);
        Terminology terminology = terminology(files, problems);
        if (terminology != null) {
            PackageProblems.requiredConcepts(terminology, problems);
        }
        PackageProblems.ruleNames(drl, catalog, problems);
        WordingCheck.Result wording = catalog == null ? null : WordingCheck.check(drl, files, catalog, thresholds);
        if (wording != null) {
            problems.addAll(wording.problems());
        }
        PackageProblems.reportedIds(drl, problems);
        PackageProblems.references(drl, terminology, thresholds, problems);
        Rules loaded = join(ruleLoad);
        problems.addAll(ruleProblems);
        Map<String, String> declared = loaded.declared();
        Map<String, Set<Mode>> modes = declared == null ? null : RuleModes.of(declared, drl, problems);
        if (!problems.isEmpty()) {
            throw new KnowledgePackageException(PackageProblems.sorted(problems));
        }
        Map<String, byte[]> scenarios = new TreeMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith("scenarios/")) {
                scenarios.put(path.substring("scenarios/".length()), bytes);
            }
        });
        Set<String> readingConcepts = new TreeSet<>();
        drl.forEach(d -> readingConcepts.addAll(d.readingConcepts()));
        KnowledgeInfo info = new KnowledgeInfo(manifest.id(), manifest.version(), PackageFiles.sha256(files), source,
                source == KnowledgeInfo.Source.SIGNED_FOLDER ? signature.keyId() : null);
        return new KnowledgePackage(info, signature, manifest.node().path("description").asText(""), thresholds,
                terminology, catalog, loaded.compiled(), ruleIds(declared.keySet()), modes,
                Collections.unmodifiableMap(scenarios), files, Collections.unmodifiableSet(readingConcepts),
                wording.warnings());
    }

    /** The compiled rules and what each declares as its modes: both {@code null} when they did not load. */
    private record Rules(CompiledRules compiled, Map<String, String> declared) {
    }

    private static Rules rules(Function<List<Problem>, CompiledRules> rules, List<Problem> problems) {
        CompiledRules compiled = attempt(problems, () -> rules.apply(problems));
        Map<String, String> declared = compiled == null ? null
                : attempt(problems, () -> RuleModes.declared(compiled, KnowledgePackage.KIE_BASE));
        return new Rules(compiled, declared);
    }

    /** The rule load's result, its failure thrown as it was (an OutOfMemoryError stays one). */
    private static Rules join(FutureTask<Rules> ruleLoad) {
        try {
            return ruleLoad.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KnowledgePackageException("interrupted while the rules were loading");
        }
    }

    /**
     * A folder's rules, compiled now unless the allow-list refuses them: then never compiled, as compiling DRL runs
     * some of it.
     *
     * @return the rules, or {@code null} with the problems added
     */
    static CompiledRules compile(Map<String, byte[]> files, List<Problem> problems) {
        List<Problem> refused = PackageProblems.ruleFiles(files);
        if (!refused.isEmpty()) {
            problems.addAll(refused);
            return null;
        }
        KieContainer container = DrlCompiler.compile(files, problems);
        return container == null ? null : CompiledRules.compiled(container);
    }

    /** The manifest, or {@code null} with its problems added. */
    static Manifest manifest(Map<String, byte[]> files, List<Problem> problems) {
        JsonNode node = attempt(problems, () -> yaml(files, "manifest.yaml"));
        String id = node == null ? null : attempt(problems, () -> text(node, "id", "manifest.yaml"));
        String version = node == null ? null : attempt(problems, () -> text(node, "version", "manifest.yaml"));
        return node == null ? null : new Manifest(node, id, version);
    }

    /** Runs one check; its failure becomes a problem (or several) and {@code null}, so later checks still run. */
    static <T> T attempt(List<Problem> problems, Supplier<T> check) {
        try {
            return check.get();
        } catch (KnowledgePackageException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** The catalog ids among the rule names; a name not of the catalog's form was reported, with its line. */
    private static Set<String> ruleIds(Collection<String> ruleNames) {
        Set<String> ids = new TreeSet<>();
        ruleNames.stream().map(DrlSource::idOf).filter(Objects::nonNull).forEach(ids::add);
        return Collections.unmodifiableSet(ids);
    }

    /** The wording files, each checked on its own first so that one bad file does not hide the others' problems. */
    private static RuleCatalog catalog(Map<String, byte[]> files, List<Problem> problems) {
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
            problems.add(new Problem("wording/", 0, "the knowledge package has no usable wording/*.yaml"));
            return null;
        }
        return attempt(problems, () -> RuleCatalog.of(wording));
    }

    /** The value sets and concept maps, each file checked on its own first, then together (ids, includes). */
    private static Terminology terminology(Map<String, byte[]> files, List<Problem> problems) {
        Map<String, JsonNode> valueSets = new TreeMap<>();
        Map<String, JsonNode> conceptMaps = new TreeMap<>();
        boolean complete = true;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String path = f.getKey();
            boolean valueSet = path.startsWith("valuesets/") && path.endsWith(".json");
            if (valueSet || path.startsWith("conceptmaps/") && path.endsWith(".json")) {
                JsonNode parsed = attempt(problems, () -> json(path, f.getValue()));
                JsonNode node = parsed != null && valueSet
                        ? attempt(problems, () -> Terminology.check(path, parsed, PackageFiles.text(files, path))) : parsed;
                if (node == null) {
                    complete = false;
                } else {
                    (valueSet ? valueSets : conceptMaps).put(path, node);
                }
            }
        }
        // With a file left out, cross-file checks would only report its absence again.
        return complete ? attempt(problems, () -> Terminology.of(valueSets, conceptMaps,
                path -> PackageFiles.text(files, path))) : null;
    }

    static Thresholds thresholds(Map<String, byte[]> files) {
        JsonNode root = yaml(files, "thresholds.yaml");
        String text = PackageFiles.text(files, "thresholds.yaml");
        Map<String, Thresholds.Threshold> byName = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        root.fields().forEachRemaining(e -> {
            JsonNode t = e.getValue();
            if (!t.path("value").isNumber()) {
                int at = text.indexOf(e.getKey() + ":");
                problems.add(new Problem("thresholds.yaml", at < 0 ? 0 : DrlSource.lineOf(text, at),
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
        return new KnowledgePackageException(List.of(new Problem(name, line, "not valid " + format + ": " + why)));
    }

    private static String text(JsonNode node, String field, String file) {
        String v = node.path(field).asText("");
        if (v.isEmpty()) {
            throw new KnowledgePackageException(file + ": missing '" + field + "'");
        }
        return v;
    }
}
