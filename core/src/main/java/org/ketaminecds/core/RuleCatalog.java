package org.ketaminecds.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the package says about each rule besides its logic: title, rule set, sources, and the wording of its
 * findings (the files {@code wording/*.yaml}, one per rule set). Wording can differ per branch ("variant") of a rule.
 */
final class RuleCatalog {

    /**
     * One rule's entry.
     *
     * @param summaries variant -> one-line summary ({@code default} always present)
     * @param details   variant -> clinician text ({@code default} always present)
     */
    record Entry(String id, String title, RuleSet ruleSet, List<String> sources, Map<String, String> summaries,
                 Map<String, String> details, List<String> suggestions) {

        String summary(String variant) {
            return summaries.getOrDefault(variant, summaries.get(DEFAULT_VARIANT));
        }

        String detail(String variant) {
            return details.getOrDefault(variant, details.get(DEFAULT_VARIANT));
        }
    }

    private static final String DEFAULT_VARIANT = "default";

    private final Map<String, Entry> entries;
    private final Set<String> ids;

    private RuleCatalog(Map<String, Entry> entries) {
        // Looked up once per finding on the evaluation path: a hash map, ids kept sorted separately.
        this.entries = Collections.unmodifiableMap(new java.util.HashMap<>(entries));
        this.ids = Collections.unmodifiableSet(new java.util.TreeSet<>(entries.keySet()));
    }

    /**
     * Reads the wording files ({@code wording/*.yaml}, one per rule set).
     *
     * @param files file name -> parsed YAML
     */
    static RuleCatalog of(Map<String, JsonNode> files) {
        Map<String, Entry> entries = new TreeMap<>();
        files.forEach((file, root) -> {
            if (!root.isObject()) {
                throw new KnowledgePackageException(file + ": expected a map from rule id to its wording");
            }
            root.fields().forEachRemaining(e -> {
                if (entries.put(e.getKey(), entry(file, e.getKey(), e.getValue())) != null) {
                    throw new KnowledgePackageException(file + ": " + e.getKey() + " has wording in two files");
                }
            });
        });
        return new RuleCatalog(entries);
    }

    Set<String> ids() {
        return ids;
    }

    Entry get(String ruleId) {
        Entry e = entries.get(ruleId);
        if (e == null) {
            throw new KnowledgePackageException("rule " + ruleId + " has no wording (wording/*.yaml)");
        }
        return e;
    }

    private static Entry entry(String file, String id, JsonNode node) {
        String where = file + ": " + id;
        String title = required(where, node, "title").asText();
        RuleSet ruleSet;
        try {
            ruleSet = RuleSet.valueOf(required(where, node, "ruleSet").asText());
        } catch (IllegalArgumentException e) {
            throw new KnowledgePackageException(where + ": ruleSet must be one of CANDIDACY, CONTRAINDICATIONS, "
                    + "TOLERANCE_DEPENDENCE, MONITORING");
        }
        return new Entry(id, title, ruleSet, strings(node.path("sources")), variants(where, node, "summary"),
                variants(where, node, "detail"), strings(node.path("suggestions")));
    }

    private static Map<String, String> variants(String where, JsonNode node, String field) {
        JsonNode v = required(where, node, field);
        Map<String, String> byVariant = new java.util.HashMap<>();
        if (v.isTextual()) {
            byVariant.put(DEFAULT_VARIANT, v.asText());
        } else {
            v.fields().forEachRemaining(e -> byVariant.put(e.getKey(), e.getValue().asText()));
        }
        if (!byVariant.containsKey(DEFAULT_VARIANT)) {
            throw new KnowledgePackageException(where + ": '" + field + "' needs a 'default' text");
        }
        return Collections.unmodifiableMap(byVariant);
    }

    private static JsonNode required(String where, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new KnowledgePackageException(where + ": missing '" + field + "'");
        }
        return v;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }
}
