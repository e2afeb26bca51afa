package org.ketaminecds.benchmarks.cql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The knowledge package's value sets as the CQL engine needs them: FHIR ValueSets with an expansion. The package
 * defines most of them by compose (listed codes, ICD-10-CM {@code is-a}, regex, other value sets, excludes) and maps
 * RxNorm products to their ingredients with concept maps; the CQL engine's terminology provider reads only an expansion
 * (it has no code systems to run filters on). So this stands in for a terminology server: it expands each value set
 * over the codes that occur in the data, with the package's reading of a compose (core's Terminology, which is
 * package-private: is-a on ICD-10-CM and NDC is a prefix of the dotted code; a product is in a value set when its
 * ingredient is). The agreement test holds the two readings together.
 */
final class ValueSetExpansions {

    static final String BASE = "http://example.org/fhir/ValueSet/";
    private static final String ROOT = "org/ketaminecds/rules/";
    private static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One include or exclude: a code, a code prefix (is-a) or a pattern, of one system. */
    private record Rule(String system, String code, String prefix, Pattern regex) {
        boolean matches(String sys, String normalized) {
            return system.equals(sys) && (code != null ? code.equals(normalized)
                    : prefix != null ? normalized.startsWith(prefix) : regex.matcher(normalized).matches());
        }
    }

    private record Definition(List<Rule> includes, List<Rule> excludes, List<String> includedSets) {
    }

    private final Map<String, Definition> definitions = new HashMap<>();
    /** Every code a value set lists (system|code): a real expansion holds them whether or not the data does. */
    private final Set<String> listed = new TreeSet<>();
    /** system|code -> the codes a concept map maps it to (system|code). */
    private final Map<String, List<String[]>> mapsTo = new HashMap<>();

    private ValueSetExpansions() {
    }

    /** The package's value sets and concept maps, from the rules jar on the class path. */
    static ValueSetExpansions ofPackage() {
        ValueSetExpansions e = new ValueSetExpansions();
        forEachJson(ROOT + "valuesets", e::define);
        forEachJson(ROOT + "conceptmaps", e::map);
        return e;
    }

    /** Every coding (system, code) in some FHIR JSON: what an expansion over the data must cover. */
    static void collectCodings(String json, Set<String> into) {
        try {
            collect(JSON.readTree(json), into);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode node, Set<String> into) {
        if (node.isObject() && node.path("system").isTextual() && node.path("code").isTextual()) {
            into.add(node.get("system").asText() + "|" + node.get("code").asText());
        }
        if (node.isContainerNode()) {
            node.forEach(child -> collect(child, into));
        }
    }

    /**
     * The value set {@code id} expanded over {@code codings} (system|code) and the codes the package lists: those of
     * them that are members.
     */
    ValueSet expand(String id, Collection<String> codings) {
        Set<String> candidates = new TreeSet<>(codings);
        candidates.addAll(listed);
        ValueSet vs = new ValueSet();
        vs.setId(id);
        vs.setUrl(BASE + id);
        vs.setName(id.replace('-', '_'));
        vs.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
        ValueSet.ValueSetExpansionComponent expansion = vs.getExpansion();
        expansion.setTimestamp(new java.util.Date(0));
        for (String coding : candidates) {
            int bar = coding.indexOf('|');
            String system = coding.substring(0, bar);
            String code = coding.substring(bar + 1);
            if (contains(id, system, code)) {
                expansion.addContains().setSystem(system).setCode(code);
            }
        }
        if (!expansion.hasContains()) {
            // No member in the data (VS-SUD-REMISSION is a regex): the engine reads an expansion without contains as
            // none and asks the repository for $expand, which an in-memory one cannot do; an entry without a code it
            // drops, leaving the empty expansion this is.
            expansion.addContains().setSystem(ICD10CM);
        }
        return vs;
    }

    /** Whether {@code code} is in value set {@code id}, itself or (a product) through the ingredient it maps to. */
    boolean contains(String id, String system, String code) {
        if (member(id, system, normalize(system, code))) {
            return true;
        }
        for (String[] target : mapsTo.getOrDefault(system + "|" + code, List.of())) {
            if (member(id, target[0], normalize(target[0], target[1]))) {
                return true;
            }
        }
        return false;
    }

    private boolean member(String id, String system, String normalized) {
        Definition d = definitions.get(id);
        if (d == null) {
            throw new IllegalArgumentException("the package has no value set " + id);
        }
        boolean included = d.includes().stream().anyMatch(r -> r.matches(system, normalized))
                || d.includedSets().stream().anyMatch(inner -> member(inner, system, normalized));
        return included && d.excludes().stream().noneMatch(r -> r.matches(system, normalized));
    }

    private void define(JsonNode vs) {
        List<Rule> includes = new ArrayList<>();
        List<String> includedSets = new ArrayList<>();
        if (vs.path("expansion").path("contains").size() > 0) {
            contains(vs.path("expansion").path("contains"), includes);
        } else {
            rules(vs.path("compose").path("include"), includes, includedSets);
        }
        // Listed codes, and the root of each is-a (a member of itself).
        includes.stream().filter(r -> r.regex() == null)
                .forEach(r -> listed.add(r.system() + "|" + (r.code() != null ? r.code() : r.prefix())));
        List<Rule> excludes = new ArrayList<>();
        rules(vs.path("compose").path("exclude"), excludes, new ArrayList<>());
        definitions.put(vs.path("id").asText(), new Definition(includes, excludes, includedSets));
    }

    private static void contains(JsonNode entries, List<Rule> into) {
        for (JsonNode entry : entries) {
            String system = entry.path("system").asText("");
            if (!system.isEmpty()) {
                into.add(new Rule(system, normalize(system, entry.path("code").asText()), null, null));
            }
            contains(entry.path("contains"), into);
        }
    }

    private static void rules(JsonNode parts, List<Rule> into, List<String> includedSets) {
        for (JsonNode part : parts) {
            part.path("valueSet").forEach(url -> includedSets.add(url.asText().replace(BASE, "")));
            String system = part.path("system").asText("");
            for (JsonNode concept : part.path("concept")) {
                into.add(new Rule(system, normalize(system, concept.path("code").asText()), null, null));
            }
            for (JsonNode filter : part.path("filter")) {
                String value = filter.path("value").asText();
                switch (filter.path("op").asText()) {
                    case "is-a", "descendent-of" -> into.add(new Rule(system, null, normalize(system, value), null));
                    case "regex" -> into.add(new Rule(system, null, null, Pattern.compile(value)));
                    default -> throw new IllegalArgumentException("filter op " + filter.path("op") + " is not read");
                }
            }
        }
    }

    private void map(JsonNode conceptMap) {
        for (JsonNode group : conceptMap.path("group")) {
            String source = group.path("source").asText();
            String target = group.path("target").asText();
            for (JsonNode element : group.path("element")) {
                for (JsonNode t : element.path("target")) {
                    if (t.has("code")) {
                        mapsTo.computeIfAbsent(source + "|" + element.path("code").asText(), k -> new ArrayList<>())
                                .add(new String[] {target, t.path("code").asText()});
                    }
                }
            }
        }
    }

    /** ICD-10-CM codes match with or without the dot: compared in dotted, upper-case form (as core does). */
    static String normalize(String system, String code) {
        String c = code.trim();
        if (ICD10CM.equals(system)) {
            String bare = c.replace(".", "").toUpperCase(Locale.ROOT);
            return bare.length() > 3 ? bare.substring(0, 3) + "." + bare.substring(3) : bare;
        }
        return c;
    }

    private interface JsonConsumer {
        void accept(JsonNode json);
    }

    private static void forEachJson(String folder, JsonConsumer consumer) {
        URL url = ValueSetExpansions.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalStateException(folder + " is not on the class path (the rules jar)");
        }
        try {
            if ("jar".equals(url.getProtocol())) {
                try (FileSystem jar = FileSystems.newFileSystem(url.toURI(), Map.of())) {
                    read(jar.getPath(folder), consumer);
                }
            } else {
                read(Path.of(url.toURI()), consumer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void read(Path dir, JsonConsumer consumer) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                consumer.accept(JSON.readTree(Files.readAllBytes(f)));
            }
        }
    }
}
