package org.ketaminecds.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.ketaminecds.core.record.Coding;

/**
 * Value sets (FHIR ValueSet JSON) turned into an index from codes to concept names, so rules speak
 * {@code VS-ANEURYSM}, not codes. Supports what the knowledge base needs: listed codes, {@code is-a} on
 * ICD-10-CM and NDC (a code and all its descendants, matched as a prefix), {@code regex}, other value sets
 * included by URL, and excludes; or an expansion ({@code expansion.contains}, as VSAC and terminology servers hand
 * out), which wins over a compose beside it. A hierarchical filter on any other system is refused: a prefix is no
 * hierarchy there (a made-up SNOMED code sharing the digits would match). Codes of the local code system are
 * concepts of their own: {@code LOCAL#code}.
 *
 * <p>It also knows the names of the medication value sets' codes (their displays), so that a medication whose
 * code it does not know can be reported as looking like one of them ({@link #lookalikes}); a name never makes a
 * code a concept.
 */
final class Terminology {

    static final String VALUE_SET_BASE = "http://example.org/fhir/ValueSet/";
    private static final int CACHE_LIMIT = 50_000;

    private record Rule(String system, String code, String prefix, Pattern regex) {
        boolean matches(String sys, String normalized) {
            if (!system.equals(sys)) {
                return false;
            }
            if (code != null) {
                return code.equals(normalized);
            }
            if (prefix != null) {
                return normalized.startsWith(prefix);
            }
            return regex.matcher(normalized).matches();
        }
    }

    /**
     * @param named the codes it lists with a display (the names {@link #lookalikes} looks for)
     */
    private record Definition(String name, List<Rule> includes, List<Rule> excludes, List<String> includedSets,
                              List<Coding> named) {
    }

    /**
     * A name of a medication value set's code found in a medication's text.
     *
     * @param name     the display it matched, in lower case ("alprazolam")
     * @param code     the code it names ({@code RxNorm 596})
     * @param concepts the concepts of that code: what the medication would be, were it coded
     */
    record Lookalike(String name, Coding code, Set<String> concepts) {
    }

    /** A name split into words, for matching whole words of a text. */
    private record Name(List<String> words, Lookalike lookalike) {
    }

    /** Filter operators that walk a code system's hierarchy. */
    private static final Set<String> HIERARCHICAL =
            Set.of("is-a", "descendent-of", "is-not-a", "generalizes", "child-of", "descendent-leaf");
    /** Systems whose codes spell their hierarchy, so that is-a is a prefix match. */
    private static final Set<String> PREFIX_HIERARCHIES = Set.of(Coding.ICD10CM, Coding.NDC);
    /** Systems whose codes are medications: their displays are the names of {@link #lookalikes}. */
    private static final Set<String> MEDICATION_SYSTEMS = Set.of(Coding.RXNORM, Coding.NDC);
    private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    /**
     * A code that stands for a concept in output ({@code system|code}): the first listed code of its value set,
     * or the local code itself; {@code null} when the concept has no listed code.
     */
    String representativeCode(String concept) {
        if (concept == null) {
            return null;
        }
        if (concept.startsWith("LOCAL#")) {
            return Coding.LOCAL + "|" + concept.substring("LOCAL#".length());
        }
        Definition d = definitions.get(concept);
        if (d == null) {
            return null;
        }
        for (Rule r : d.includes()) {
            if (r.code() != null) {
                return r.system() + "|" + r.code();
            }
        }
        return d.includedSets().isEmpty() ? null : representativeCode(d.includedSets().get(0));
    }

    private final Map<String, Set<String>> exact = new HashMap<>();
    private final Map<String, Set<String>> prefixes = new HashMap<>();
    private final List<Map.Entry<Rule, String>> patterns = new ArrayList<>();
    private final Map<String, Definition> definitions;
    /** concept -> the concepts whose value sets include it (transitively). */
    private final Map<String, Set<String>> includedBy = new HashMap<>();
    /** system -> code -> concepts. Two levels, so lookups reuse the strings' cached hashes (no key building). */
    private final Map<String, Map<String, Set<String>>> cache = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger cached = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, Map<String, Set<String>>> ingredientCache = new ConcurrentHashMap<>();

    /** system -> code -> the codes it maps to (e.g. an RxNorm product -> its ingredients). */
    private final Map<String, Map<String, List<Coding>>> mapsTo;
    /** system -> the codes a concept map has an element for, mapped or reviewed as unmatched. */
    private final Map<String, Set<String>> mapped;
    /** first word of a name -> the names starting with it. */
    private final Map<String, List<Name>> names = new HashMap<>();
    private final Map<String, List<Lookalike>> lookalikeCache = new ConcurrentHashMap<>();
    private final List<KnowledgePackageException.Problem> warnings;

    private Terminology(Map<String, Definition> definitions, Map<String, Map<String, List<Coding>>> mapsTo,
                        Map<String, Set<String>> mapped, List<Coding> mapTargets,
                        List<KnowledgePackageException.Problem> warnings) {
        this.definitions = definitions;
        this.mapsTo = mapsTo;
        this.mapped = mapped;
        this.warnings = List.copyOf(warnings);
        definitions.values().forEach(d -> d.includes().forEach(r -> index(r, d.name())));
        definitions.values().forEach(d -> d.includedSets().forEach(inner -> {
            if (!definitions.containsKey(inner)) {
                throw new KnowledgePackageException("value set " + d.name() + " includes unknown value set " + inner);
            }
        }));
        for (String name : definitions.keySet()) {
            includedBy.put(name, closure(name, new HashSet<>()));
        }
        definitions.values().forEach(d -> d.named().forEach(this::name));
        mapTargets.forEach(this::name);
    }

    static Terminology of(Map<String, JsonNode> valueSets) {
        return of(valueSets, Map.of());
    }

    static Terminology of(Map<String, JsonNode> valueSets, Map<String, JsonNode> conceptMaps) {
        return of(valueSets, conceptMaps, file -> null);
    }

    /**
     * Builds the index.
     *
     * @param valueSets   file name -> parsed ValueSet JSON
     * @param conceptMaps file name -> parsed ConceptMap JSON: a source code also has the concepts of its targets
     *                    (how an RxNorm product counts as its ingredient); a target without a code, or {@code
     *                    unmatched}/{@code disjoint}, records that the code was reviewed and maps to nothing
     * @param textOf      file name -> its text, for the line numbers of problems and warnings ({@code null}: none)
     */
    static Terminology of(Map<String, JsonNode> valueSets, Map<String, JsonNode> conceptMaps,
                          Function<String, String> textOf) {
        Map<String, Definition> defs = new LinkedHashMap<>();
        List<KnowledgePackageException.Problem> warnings = new ArrayList<>();
        valueSets.forEach((file, json) -> {
            Definition d = parse(file, json, textOf.apply(file), warnings);
            if (defs.put(d.name(), d) != null) {
                throw new KnowledgePackageException(file + ": value set id " + d.name() + " is defined twice");
            }
        });
        Map<String, Map<String, List<Coding>>> maps = new HashMap<>();
        Map<String, Set<String>> mapped = new HashMap<>();
        List<Coding> targets = new ArrayList<>();
        conceptMaps.forEach((file, json) -> parseConceptMap(file, json, maps, mapped, targets));
        return new Terminology(defs, maps, mapped, targets, warnings);
    }

    /** Checks one ValueSet file on its own (what {@link #of} would reject in it); returns it. */
    static JsonNode check(String file, JsonNode valueSet, String text) {
        parse(file, valueSet, text, new ArrayList<>());
        return valueSet;
    }

    static JsonNode check(String file, JsonNode valueSet) {
        return check(file, valueSet, null);
    }

    /** What is allowed but probably not meant (an expansion beside a compose, a medication code without a name). */
    List<KnowledgePackageException.Problem> warnings() {
        return warnings;
    }

    /**
     * True when the package has this code: in a value set (a local code counts only when one lists it), or in a
     * concept map, mapped or reviewed as matching nothing.
     */
    boolean knows(Coding coding) {
        if (coding.system() == null) {
            return false;
        }
        if (mapped.getOrDefault(coding.system(), Set.of()).contains(coding.code())) {
            return true;
        }
        for (String concept : conceptsOf(coding)) {
            if (!concept.startsWith("LOCAL#")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The names of medication value sets' codes that a text contains as whole words, case aside ("ALPRAZOLAM
     * 0.5MG TAB" names alprazolam; "dextroamphetamine" does not name amphetamine), each once, in text order.
     */
    List<Lookalike> lookalikes(String text) {
        if (text == null || text.isBlank() || names.isEmpty()) {
            return List.of();
        }
        List<Lookalike> hit = lookalikeCache.get(text);
        if (hit == null) {
            hit = findLookalikes(text);
            if (cached.incrementAndGet() < CACHE_LIMIT) {
                lookalikeCache.put(text, hit);
            }
        }
        return hit;
    }

    private List<Lookalike> findLookalikes(String text) {
        List<String> words = words(text);
        List<Lookalike> found = new ArrayList<>(1);
        for (int i = 0; i < words.size(); i++) {
            for (Name n : names.getOrDefault(words.get(i), List.of())) {
                if (i + n.words().size() <= words.size() && words.subList(i, i + n.words().size()).equals(n.words())
                        && !found.contains(n.lookalike())) {
                    found.add(n.lookalike());
                }
            }
        }
        return found.isEmpty() ? List.of() : List.copyOf(found);
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String w : NOT_A_WORD.split(text.toLowerCase(Locale.ROOT))) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    /** Files a medication code's display as a name; one name, several codes: the first code, every concept. */
    private void name(Coding c) {
        if (!MEDICATION_SYSTEMS.contains(c.system()) || c.display() == null || c.display().isBlank()) {
            return;
        }
        Set<String> concepts = lookUp(c.system(), normalize(c.system(), c.code()));
        List<String> words = words(c.display());
        if (concepts.isEmpty() || words.isEmpty()) {
            return;
        }
        List<Name> sameStart = names.computeIfAbsent(words.get(0), k -> new ArrayList<>());
        for (int i = 0; i < sameStart.size(); i++) {
            Name n = sameStart.get(i);
            if (n.words().equals(words)) {
                Set<String> all = new TreeSet<>(n.lookalike().concepts());
                all.addAll(concepts);
                sameStart.set(i, new Name(words, new Lookalike(n.lookalike().name(), n.lookalike().code(), Set.copyOf(all))));
                return;
            }
        }
        sameStart.add(new Name(words, new Lookalike(String.join(" ", words), Coding.of(c.system(), c.code()), concepts)));
    }

    /** RxNorm ingredient codes of a set of codings: mapped products give their ingredients, others themselves. */
    Set<String> ingredientsOf(Collection<Coding> codings) {
        if (codings.size() == 1) {
            Coding only = codings.iterator().next();
            if (only.system() != null && only.code() != null) {
                Map<String, Set<String>> bySystem = ingredientCache.computeIfAbsent(only.system(), k -> new ConcurrentHashMap<>());
                Set<String> hit = bySystem.get(only.code());
                if (hit == null) {
                    hit = ingredientsOfAll(codings);
                    if (cached.incrementAndGet() < CACHE_LIMIT) {
                        bySystem.put(only.code(), hit);
                    }
                }
                return hit;
            }
        }
        return ingredientsOfAll(codings);
    }

    private Set<String> ingredientsOfAll(Collection<Coding> codings) {
        Set<String> ingredients = new TreeSet<>();
        for (Coding c : codings) {
            List<Coding> targets = c.system() == null ? null : mapsTo.getOrDefault(c.system(), Map.of()).get(c.code());
            if (targets != null) {
                targets.stream().filter(t -> Coding.RXNORM.equals(t.system())).forEach(t -> ingredients.add(t.code()));
            } else if (Coding.RXNORM.equals(c.system())) {
                ingredients.add(c.code());
            }
        }
        return ingredients.isEmpty() ? Set.of() : Set.copyOf(ingredients);
    }

    private static void parseConceptMap(String file, JsonNode map, Map<String, Map<String, List<Coding>>> into,
                                        Map<String, Set<String>> mapped, List<Coding> targets) {
        if (!"ConceptMap".equals(map.path("resourceType").asText())) {
            throw new KnowledgePackageException(file + ": not a FHIR ConceptMap (resourceType is '"
                    + map.path("resourceType").asText() + "')");
        }
        for (JsonNode group : map.path("group")) {
            String source = group.path("source").asText("");
            String target = group.path("target").asText("");
            if (source.isEmpty() || target.isEmpty()) {
                throw new KnowledgePackageException(file + ": every group needs a source and a target system");
            }
            for (JsonNode element : group.path("element")) {
                String code = element.path("code").asText("");
                mapped.computeIfAbsent(source, k -> new HashSet<>()).add(code);
                for (JsonNode t : element.path("target")) {
                    String to = t.path("code").asText("");
                    String equivalence = t.path("equivalence").asText("");
                    if (to.isEmpty() || equivalence.equals("unmatched") || equivalence.equals("disjoint")) {
                        continue; // reviewed: it maps to nothing
                    }
                    into.computeIfAbsent(source, k -> new HashMap<>()).computeIfAbsent(code, k -> new ArrayList<>())
                            .add(Coding.of(target, to));
                    targets.add(new Coding(target, to, t.path("display").asText(null)));
                }
            }
        }
    }

    /**
     * What a concept's value set lists, one line each, for a reader: {@code system|code display}, {@code system|code*}
     * for a code and everything below it, {@code system ~ regex}, {@code value set X} for one it includes, and
     * {@code not ...} for an exclusion; empty for an unknown concept (a local code is its own single code).
     */
    List<String> listing(String concept) {
        if (concept.startsWith("LOCAL#")) {
            return List.of(Coding.LOCAL + "|" + concept.substring("LOCAL#".length()));
        }
        Definition d = definitions.get(concept);
        if (d == null) {
            return List.of();
        }
        Map<String, String> displays = new HashMap<>();
        d.named().forEach(c -> displays.put(c.system() + "|" + normalize(c.system(), c.code()), c.display()));
        List<String> lines = new ArrayList<>();
        d.includes().forEach(r -> lines.add(describe(r, displays)));
        d.includedSets().forEach(inner -> lines.add("value set " + inner));
        d.excludes().forEach(r -> lines.add("not " + describe(r, displays)));
        return List.copyOf(lines);
    }

    private static String describe(Rule r, Map<String, String> displays) {
        if (r.code() != null) {
            String display = displays.get(r.system() + "|" + r.code());
            return r.system() + "|" + r.code() + (display == null ? "" : " " + display);
        }
        return r.prefix() != null ? r.system() + "|" + r.prefix() + "*" : r.system() + " ~ " + r.regex().pattern();
    }

    Set<String> conceptNames() {
        return definitions.keySet();
    }

    /** All concepts of a set of codings (a fact's codes). */
    Set<String> conceptsOf(Collection<Coding> codings) {
        if (codings.isEmpty()) {
            return Set.of();
        }
        if (codings.size() == 1) {
            return conceptsOf(codings.iterator().next());
        }
        Set<String> all = new TreeSet<>();
        for (Coding c : codings) {
            all.addAll(conceptsOf(c));
        }
        return Set.copyOf(all);
    }

    Set<String> conceptsOf(Coding coding) {
        if (coding.system() == null || coding.code() == null) {
            return Set.of();
        }
        Map<String, Set<String>> bySystem = cache.computeIfAbsent(coding.system(), s -> new ConcurrentHashMap<>());
        Set<String> hit = bySystem.get(coding.code());
        if (hit == null) {
            hit = lookUp(coding.system(), normalize(coding.system(), coding.code()));
            List<Coding> targets = mapsTo.getOrDefault(coding.system(), Map.of()).get(coding.code());
            if (targets != null) {
                Set<String> all = new TreeSet<>(hit);
                targets.forEach(t -> all.addAll(lookUp(t.system(), normalize(t.system(), t.code()))));
                hit = Set.copyOf(all);
            }
            // Bounded: a host streaming millions of distinct codes must not grow the heap without end.
            if (cached.incrementAndGet() < CACHE_LIMIT) {
                bySystem.put(coding.code(), hit);
            }
        }
        return hit;
    }

    private Set<String> lookUp(String system, String code) {
        if (Coding.LOCAL.equals(system)) {
            return Set.of("LOCAL#" + code);
        }
        Set<String> direct = new HashSet<>(exact.getOrDefault(system + "|" + code, Set.of()));
        for (int len = 1; len <= code.length(); len++) {
            direct.addAll(prefixes.getOrDefault(system + "|" + code.substring(0, len), Set.of()));
        }
        for (Map.Entry<Rule, String> p : patterns) {
            if (p.getKey().matches(system, code)) {
                direct.add(p.getValue());
            }
        }
        Set<String> withParents = new TreeSet<>();
        for (String concept : direct) {
            if (!excluded(concept, system, code)) {
                withParents.add(concept);
                for (String parent : includedBy.get(concept)) {
                    if (!excluded(parent, system, code)) {
                        withParents.add(parent);
                    }
                }
            }
        }
        return Set.copyOf(withParents);
    }

    private boolean excluded(String concept, String system, String code) {
        for (Rule r : definitions.get(concept).excludes()) {
            if (r.matches(system, code)) {
                return true;
            }
        }
        return false;
    }

    private Set<String> closure(String name, Set<String> seen) {
        for (Definition d : definitions.values()) {
            if (d.includedSets().contains(name) && seen.add(d.name())) {
                closure(d.name(), seen);
            }
        }
        return Set.copyOf(seen);
    }

    private void index(Rule r, String concept) {
        if (r.code() != null) {
            exact.computeIfAbsent(r.system() + "|" + r.code(), k -> new HashSet<>()).add(concept);
        } else if (r.prefix() != null) {
            prefixes.computeIfAbsent(r.system() + "|" + r.prefix(), k -> new HashSet<>()).add(concept);
        } else {
            patterns.add(Map.entry(r, concept));
        }
    }

    /** ICD-10-CM codes match with or without the dot: compare them in dotted, upper-case form. */
    static String normalize(String system, String code) {
        String c = code.trim();
        if (Coding.ICD10CM.equals(system)) {
            String bare = c.replace(".", "").toUpperCase(Locale.ROOT);
            return bare.length() > 3 ? bare.substring(0, 3) + "." + bare.substring(3) : bare;
        }
        return c;
    }

    private static Definition parse(String file, JsonNode vs, String text,
                                    List<KnowledgePackageException.Problem> warnings) {
        if (!"ValueSet".equals(vs.path("resourceType").asText())) {
            throw new KnowledgePackageException(file + ": not a FHIR ValueSet (resourceType is '"
                    + vs.path("resourceType").asText() + "')");
        }
        String name = vs.path("id").asText("");
        if (name.isEmpty()) {
            throw new KnowledgePackageException(file + ": ValueSet has no id (the id is the concept name rules use)");
        }
        List<String> includedSets = new ArrayList<>();
        List<Coding> named = new ArrayList<>();
        List<KnowledgePackageException.Problem> problems = new ArrayList<>();
        List<Rule> includes;
        List<Rule> excludes;
        if (vs.has("expansion")) {
            if (vs.has("compose")) {
                warnings.add(new KnowledgePackageException.Problem(file, lineOf(text, "/expansion"), "ValueSet " + name
                        + " has both compose and expansion: the expansion is used and compose is ignored (delete one)"));
            }
            includes = expansion(file, vs.path("expansion"), named);
            excludes = List.of();
        } else {
            Source source = new Source(file, text, problems, warnings);
            includes = rules(source, vs.path("compose").path("include"), "/compose/include/", includedSets, named);
            excludes = rules(source, vs.path("compose").path("exclude"), "/compose/exclude/", null, named);
        }
        if (!problems.isEmpty()) {
            throw new KnowledgePackageException(problems);
        }
        if (includes.isEmpty() && includedSets.isEmpty()) {
            throw new KnowledgePackageException(file + ": ValueSet " + name + " includes no codes");
        }
        return new Definition(name, includes, excludes, includedSets, named);
    }

    /** Where a value set's problems and warnings are reported. */
    private record Source(String file, String text, List<KnowledgePackageException.Problem> problems,
                          List<KnowledgePackageException.Problem> warnings) {
        void problem(String pointer, String message) {
            problems.add(new KnowledgePackageException.Problem(file, lineOf(text, pointer), message));
        }
    }

    /** Every code of {@code expansion.contains}, nested ones too; a page of a paged expansion is refused. */
    private static List<Rule> expansion(String file, JsonNode expansion, List<Coding> named) {
        List<Rule> rules = new ArrayList<>();
        int listed = contains(expansion.path("contains"), rules, named);
        int total = expansion.path("total").asInt(listed);
        if (expansion.path("offset").asInt(0) > 0 || total > listed) {
            throw new KnowledgePackageException(file + ": the expansion holds " + listed + " of its " + total
                    + " codes (one page of a paged expansion): paste the whole expansion");
        }
        return rules;
    }

    private static int contains(JsonNode entries, List<Rule> into, List<Coding> named) {
        int count = 0;
        for (JsonNode entry : entries) {
            String system = entry.path("system").asText("");
            String code = entry.path("code").asText("");
            if (!system.isEmpty() && !code.isEmpty()) {
                into.add(new Rule(system, normalize(system, code), null, null));
                named.add(new Coding(system, code, entry.path("display").asText(null)));
                count++;
            }
            count += contains(entry.path("contains"), into, named);
        }
        return count;
    }

    private static List<Rule> rules(Source source, JsonNode parts, String at, List<String> includedSets,
                                    List<Coding> named) {
        String file = source.file();
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = parts.get(i);
            for (JsonNode ref : part.path("valueSet")) {
                if (includedSets == null) {
                    throw new KnowledgePackageException(file + ": compose.exclude.valueSet is not supported");
                }
                String url = ref.asText();
                includedSets.add(url.startsWith(VALUE_SET_BASE) ? url.substring(VALUE_SET_BASE.length()) : url);
            }
            String system = part.path("system").asText("");
            if (system.isEmpty()) {
                if (part.has("concept") || part.has("filter")) {
                    throw new KnowledgePackageException(file + ": an include with codes has no system");
                }
                continue;
            }
            JsonNode concepts = part.path("concept");
            for (int c = 0; c < concepts.size(); c++) {
                JsonNode concept = concepts.get(c);
                String code = concept.path("code").asText();
                rules.add(new Rule(system, normalize(system, code), null, null));
                String display = concept.path("display").asText("");
                if (display.isBlank() && MEDICATION_SYSTEMS.contains(system) && includedSets != null) {
                    source.warnings().add(new KnowledgePackageException.Problem(file,
                            lineOf(source.text(), at + i + "/concept/" + c + "/code"), "medication code " + code
                            + " has no display: a medication coded otherwise but named like it cannot be reported as"
                            + " looking like it (add its name as the display)"));
                }
                named.add(new Coding(system, code, display.isBlank() ? null : display));
            }
            JsonNode filters = part.path("filter");
            if (filters.size() > 1) {
                throw new KnowledgePackageException(file + ": put each filter in its own include (several filters in one include mean AND)");
            }
            for (JsonNode filter : filters) {
                String op = filter.path("op").asText();
                String value = filter.path("value").asText();
                if (HIERARCHICAL.contains(op) && !PREFIX_HIERARCHIES.contains(system)) {
                    source.problem(at + i + "/filter/0/op", "filter op '" + op + "' on " + system + " needs the code "
                            + "system's hierarchy, which the package does not have (it reads is-a as a code prefix, true "
                            + "only of ICD-10-CM and NDC): list the codes or paste an expansion (expansion.contains) "
                            + "from your terminology server");
                    continue;
                }
                switch (op) {
                    case "is-a", "descendent-of" -> rules.add(new Rule(system, null, normalize(system, value), null));
                    case "regex" -> rules.add(new Rule(system, null, null, Pattern.compile(value)));
                    default -> throw new KnowledgePackageException(file + ": filter op '" + op + "' is not supported (use is-a or regex)");
                }
            }
        }
        return rules;
    }

    private static final ObjectMapper LINES = new ObjectMapper();

    /** The line of a field, by JSON pointer ({@code /compose/include/0/filter/0/op}), in a file's text; 0 unknown. */
    static int lineOf(String text, String pointer) {
        if (text == null) {
            return 0;
        }
        try (JsonParser p = LINES.getFactory().createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && p.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    return p.getTokenLocation().getLineNr();
                }
            }
        } catch (IOException e) {
            return 0; // the file was parsed before; a line is a courtesy
        }
        return 0;
    }
}
