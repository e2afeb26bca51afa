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
     * @param reasons   reason key -> why the rule cannot assess ({@code Hit.cannotAssess(..., "no-recent-weight")})
     * @param checks    check key -> what a monitoring-plan item asks for ({@code new PlannedCheck(id, "bp-before-dose", ...)})
     */
    record Entry(String id, String title, RuleSet ruleSet, List<String> sources, Map<String, String> summaries,
                 Map<String, String> details, List<String> suggestions, Map<String, String> reasons,
                 Map<String, String> checks) {

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
                variants(where, node, "detail"), strings(node.path("suggestions")), texts(where, node, "reasons"),
                texts(where, node, "checks"));
    }

    /** An optional map from key to text, e.g. {@code reasons: {no-recent-weight: "no valid weight within {WEIGHT_MAX_AGE}"}}. */
    private static Map<String, String> texts(String where, JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new KnowledgePackageException(where + ": '" + field + "' must map a key to a text");
        }
        Map<String, String> byKey = new java.util.HashMap<>();
        v.fields().forEachRemaining(e -> byKey.put(e.getKey(), e.getValue().asText()));
        return Collections.unmodifiableMap(byKey);
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
