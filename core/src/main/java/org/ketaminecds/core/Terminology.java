package org.ketaminecds.core;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.regex.Pattern;
import org.ketaminecds.core.record.Coding;

/**
 * Value sets (FHIR ValueSet JSON) turned into an index from codes to concept names, so rules speak
 * {@code VS-ANEURYSM}, not codes. Supports what the knowledge base needs: listed codes, {@code is-a} on
 * ICD-10-CM and NDC (a code and all its descendants, matched as a prefix), {@code regex}, other value sets
 * included by URL, and excludes. Codes of the local code system are concepts of their own: {@code LOCAL#code}.
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

    private record Definition(String name, List<Rule> includes, List<Rule> excludes, List<String> includedSets) {
    }

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

    private Terminology(Map<String, Definition> definitions, Map<String, Map<String, List<Coding>>> mapsTo) {
        this.definitions = definitions;
        this.mapsTo = mapsTo;
        definitions.values().forEach(d -> d.includes().forEach(r -> index(r, d.name())));
        definitions.values().forEach(d -> d.includedSets().forEach(inner -> {
            if (!definitions.containsKey(inner)) {
                throw new KnowledgePackageException("value set " + d.name() + " includes unknown value set " + inner);
            }
        }));
        for (String name : definitions.keySet()) {
            includedBy.put(name, closure(name, new HashSet<>()));
        }
    }

    static Terminology of(Map<String, JsonNode> valueSets) {
        return of(valueSets, Map.of());
    }

    /**
     * Builds the index.
     *
     * @param valueSets   file name -> parsed ValueSet JSON
     * @param conceptMaps file name -> parsed ConceptMap JSON: a source code also has the concepts of its targets
     *                    (how an RxNorm product counts as its ingredient)
     */
    static Terminology of(Map<String, JsonNode> valueSets, Map<String, JsonNode> conceptMaps) {
        Map<String, Definition> defs = new LinkedHashMap<>();
        valueSets.forEach((file, json) -> {
            Definition d = parse(file, json);
            if (defs.put(d.name(), d) != null) {
                throw new KnowledgePackageException(file + ": value set id " + d.name() + " is defined twice");
            }
        });
        Map<String, Map<String, List<Coding>>> maps = new HashMap<>();
        conceptMaps.forEach((file, json) -> parseConceptMap(file, json, maps));
        return new Terminology(defs, maps);
    }

    /** Checks one ValueSet file on its own (what {@link #of} would reject in it); returns it. */
    static JsonNode check(String file, JsonNode valueSet) {
        parse(file, valueSet);
        return valueSet;
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

    private static void parseConceptMap(String file, JsonNode map, Map<String, Map<String, List<Coding>>> into) {
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
                for (JsonNode t : element.path("target")) {
                    into.computeIfAbsent(source, k -> new HashMap<>()).computeIfAbsent(code, k -> new ArrayList<>())
                            .add(Coding.of(target, t.path("code").asText()));
                }
            }
        }
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

    private static Definition parse(String file, JsonNode vs) {
        if (!"ValueSet".equals(vs.path("resourceType").asText())) {
            throw new KnowledgePackageException(file + ": not a FHIR ValueSet (resourceType is '"
                    + vs.path("resourceType").asText() + "')");
        }
        String name = vs.path("id").asText("");
        if (name.isEmpty()) {
            throw new KnowledgePackageException(file + ": ValueSet has no id (the id is the concept name rules use)");
        }
        JsonNode compose = vs.path("compose");
        List<String> includedSets = new ArrayList<>();
        List<Rule> includes = rules(file, compose.path("include"), includedSets);
        List<Rule> excludes = rules(file, compose.path("exclude"), null);
        if (includes.isEmpty() && includedSets.isEmpty()) {
            throw new KnowledgePackageException(file + ": ValueSet " + name + " includes no codes");
        }
        return new Definition(name, includes, excludes, includedSets);
    }

    private static List<Rule> rules(String file, JsonNode parts, List<String> includedSets) {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode part : parts) {
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
            for (JsonNode concept : part.path("concept")) {
                rules.add(new Rule(system, normalize(system, concept.path("code").asText()), null, null));
            }
            JsonNode filters = part.path("filter");
            if (filters.size() > 1) {
                throw new KnowledgePackageException(file + ": put each filter in its own include (several filters in one include mean AND)");
            }
            for (JsonNode filter : filters) {
                String op = filter.path("op").asText();
                String value = filter.path("value").asText();
                switch (op) {
                    case "is-a", "descendent-of" -> rules.add(new Rule(system, null, normalize(system, value), null));
                    case "regex" -> rules.add(new Rule(system, null, null, Pattern.compile(value)));
                    default -> throw new KnowledgePackageException(file + ": filter op '" + op + "' is not supported (use is-a or regex)");
                }
            }
        }
        return rules;
    }
}
