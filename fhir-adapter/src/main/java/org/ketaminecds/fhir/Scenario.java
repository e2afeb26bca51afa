package org.ketaminecds.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.ketaminecds.core.ContraindicationType;
import org.ketaminecds.core.Disposition;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.Outcome;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.Severity;

/**
 * One rule test, written as data by whoever edits the rules: a FHIR record, a mode and time, and what must and
 * must not come out. The YAML format is in DESIGN.md ("Scenario files").
 *
 * @param file         the scenario's path, for messages
 * @param name         what it shows, in words
 * @param bundleJson   the FHIR R4 Bundle
 * @param mode         evaluation mode
 * @param asOf         evaluation time
 * @param product      planned product, or {@code null}
 * @param route        planned route, or {@code null}
 * @param thresholds   threshold overrides
 * @param expect       findings that must be there
 * @param mustNotFire  rule ids that must produce no finding at all
 * @param disposition  the expected disposition, or {@code null}
 * @param plan         monitoring-plan items that must be there
 * @param mustNotPlan  rule ids that must put nothing on the monitoring plan
 */
public record Scenario(String file, String name, String bundleJson, Mode mode, Instant asOf, Product product,
                       Route route, Map<String, Double> thresholds, List<Expectation> expect,
                       List<String> mustNotFire, Disposition disposition, List<PlanItem> plan,
                       List<String> mustNotPlan) {

    /**
     * A monitoring-plan item that must be present. {@code null} components are not checked.
     *
     * @param ruleId   the rule that asks for it
     * @param what     its description, or {@code null}
     * @param dueStart start of its window, or {@code null}
     * @param dueEnd   end of its window, or {@code null}
     */
    public record PlanItem(String ruleId, String what, Instant dueStart, Instant dueEnd) {
    }

    /**
     * A finding that must be present. {@code null} components are not checked.
     *
     * @param ruleId           the rule
     * @param outcome          FIRED or CANNOT_ASSESS
     * @param severity         expected severity
     * @param contraindication expected type; {@code NONE} in the file means "no type"
     * @param noContraindication true when the file says {@code contraindication: NONE}
     * @param product          expected product scope
     * @param evidence         resource ids that must be among the evidence
     */
    public record Expectation(String ruleId, Outcome outcome, Severity severity, ContraindicationType contraindication,
                              boolean noContraindication, Product product, List<String> evidence) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("name", "bundle", "bundleInline", "base", "add", "replace",
            "remove", "mode", "asOf", "product", "route", "thresholds", "expect", "mustNotFire", "disposition", "plan",
            "mustNotPlan");
    private static final List<String> BUNDLE_FIELDS = List.of("bundle", "bundleInline", "base");
    private static final Set<String> PLAN_FIELDS = Set.of("ruleId", "what", "dueStart", "dueEnd");
    private static final Set<String> EXPECT_FIELDS = Set.of("ruleId", "outcome", "severity", "contraindication",
            "product", "evidence");

    /** Reads a scenario file that does not start from a base ({@link #parse(String, byte[], Function, ScenarioBases)}). */
    public static Scenario parse(String file, byte[] yaml, Function<String, byte[]> sibling) throws ScenarioException {
        return parse(file, yaml, sibling, ScenarioBases.NONE);
    }

    /**
     * Reads a scenario file.
     *
     * @param file    its path (relative paths in it are resolved against its folder)
     * @param yaml    its content
     * @param sibling reads another file of the package by path, {@code null} when absent
     * @param bases   the base patients it may start from
     */
    public static Scenario parse(String file, byte[] yaml, Function<String, byte[]> sibling, ScenarioBases bases)
            throws ScenarioException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new ScenarioException(file + ": not valid YAML: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioException(file + ": expected a map with name, bundle, mode, asOf and expect");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new ScenarioException(file + ": unknown field '" + f + "' (known: " + FIELDS + ")");
            }
        }
        String name = required(file, root, "name").asText();
        String bundle = bundle(file, root, sibling, bases);
        Mode mode = parse(file, "mode", required(file, root, "mode").asText(), Mode::parse);
        Instant asOf = instant(file + ": asOf", required(file, root, "asOf").asText());
        Product product = root.hasNonNull("product") ? parse(file, "product", root.get("product").asText(), Product::parse) : null;
        Route route = root.hasNonNull("route") ? parse(file, "route", root.get("route").asText(), Route::parse) : null;
        Map<String, Double> thresholds = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("thresholds").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            if (!t.getValue().isNumber()) {
                throw new ScenarioException(file + ": thresholds." + t.getKey() + " must be a number");
            }
            thresholds.put(t.getKey(), t.getValue().asDouble());
        }
        List<Expectation> expect = new ArrayList<>();
        int i = 0;
        for (JsonNode e : root.path("expect")) {
            expect.add(expectation(file + ": expect[" + i++ + "]", e));
        }
        List<String> mustNotFire = new ArrayList<>();
        root.path("mustNotFire").forEach(n -> mustNotFire.add(n.asText()));
        List<PlanItem> plan = new ArrayList<>();
        int p = 0;
        for (JsonNode item : root.path("plan")) {
            plan.add(planItem(file + ": plan[" + p++ + "]", item));
        }
        List<String> mustNotPlan = new ArrayList<>();
        root.path("mustNotPlan").forEach(n -> mustNotPlan.add(n.asText()));
        if (expect.isEmpty() && mustNotFire.isEmpty() && !root.hasNonNull("disposition") && plan.isEmpty()
                && mustNotPlan.isEmpty()) {
            throw new ScenarioException(file + ": says nothing to check (give expect, mustNotFire, disposition or plan)");
        }
        Disposition disposition = root.hasNonNull("disposition")
                ? parse(file, "disposition", root.get("disposition").asText(), Disposition::valueOf) : null;
        return new Scenario(file, name, bundle, mode, asOf, product, route, Map.copyOf(thresholds), List.copyOf(expect),
                List.copyOf(mustNotFire), disposition, List.copyOf(plan), List.copyOf(mustNotPlan));
    }

    private static PlanItem planItem(String where, JsonNode item) throws ScenarioException {
        for (Iterator<String> it = item.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!PLAN_FIELDS.contains(f)) {
                throw new ScenarioException(where + ": unknown field '" + f + "' (known: " + PLAN_FIELDS + ")");
            }
        }
        return new PlanItem(required(where, item, "ruleId").asText(),
                item.hasNonNull("what") ? item.get("what").asText() : null,
                item.hasNonNull("dueStart") ? instant(where + ": dueStart", item.get("dueStart").asText()) : null,
                item.hasNonNull("dueEnd") ? instant(where + ": dueEnd", item.get("dueEnd").asText()) : null);
    }

    private static Expectation expectation(String where, JsonNode e) throws ScenarioException {
        for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!EXPECT_FIELDS.contains(f)) {
                throw new ScenarioException(where + ": unknown field '" + f + "' (known: " + EXPECT_FIELDS + ")");
            }
        }
        String ruleId = required(where, e, "ruleId").asText();
        Outcome outcome = parse(where, "outcome", required(where, e, "outcome").asText(), Outcome::valueOf);
        Severity severity = e.hasNonNull("severity") ? parse(where, "severity", e.get("severity").asText(), Severity::valueOf) : null;
        String type = e.hasNonNull("contraindication") ? e.get("contraindication").asText() : null;
        boolean none = "NONE".equals(type);
        ContraindicationType contraindication = type == null || none ? null
                : parse(where, "contraindication", type, ContraindicationType::valueOf);
        Product product = e.hasNonNull("product") ? parse(where, "product", e.get("product").asText(), Product::parse) : null;
        List<String> evidence = new ArrayList<>();
        e.path("evidence").forEach(n -> evidence.add(n.asText()));
        return new Expectation(ruleId, outcome, severity, contraindication, none, product, List.copyOf(evidence));
    }

    private static String bundle(String file, JsonNode root, Function<String, byte[]> sibling, ScenarioBases bases)
            throws ScenarioException {
        List<String> given = BUNDLE_FIELDS.stream().filter(root::has).toList();
        if (given.size() > 1) {
            throw new ScenarioException(file + ": give one of bundle, bundleInline or base, not " + String.join(" and ", given));
        }
        if (!root.has("base")) {
            for (String change : List.of("add", "replace", "remove")) {
                if (root.has(change)) {
                    throw new ScenarioException(file + ": '" + change + "' changes a base: name one with 'base'");
                }
            }
        }
        if (root.has("bundleInline") || root.has("base")) {
            JsonNode bundle = root.has("base") ? bases.compose(file, required(file, root, "base").asText(),
                    root.get("add"), root.get("replace"), root.get("remove")) : root.get("bundleInline");
            try {
                return JSON.writeValueAsString(bundle);
            } catch (IOException e) {
                throw new ScenarioException(file + ": the bundle cannot be written as JSON");
            }
        }
        String path = required(file, root, "bundle").asText();
        int slash = file.lastIndexOf('/');
        String resolved = normalize((slash < 0 ? "" : file.substring(0, slash + 1)) + path);
        byte[] bytes = sibling.apply(resolved);
        if (bytes == null) {
            throw new ScenarioException(file + ": bundle '" + path + "' not found (looked for " + resolved + ")");
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String normalize(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.equals("..") && !parts.isEmpty()) {
                parts.remove(parts.size() - 1);
            } else if (!p.equals(".") && !p.isEmpty()) {
                parts.add(p);
            }
        }
        return String.join("/", parts);
    }

    /** A date-time with offset, or a date (start of that day, UTC), as on the command line. */
    static Instant instant(String where, String text) throws ScenarioException {
        try {
            return EvaluationContext.parseTime(text);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(where + " " + e.getMessage());
        }
    }

    private static JsonNode required(String where, JsonNode node, String field) throws ScenarioException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            throw new ScenarioException(where + ": missing '" + field + "'");
        }
        return v;
    }

    private static <T> T parse(String where, String field, String text, Function<String, T> parser)
            throws ScenarioException {
        try {
            return parser.apply(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(where + ": " + field + " '" + text + "' is not valid"
                    + (e.getMessage() != null && e.getMessage().startsWith("unknown") ? " (" + e.getMessage() + ")" : ""));
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
