package org.ketaminecds.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.Quantity;

/**
 * Reads the elements of one resource's FHIR JSON as the record needs them, and collects, as one-line texts, the
 * problems that would lose or garble a value: a date that is no date, a number that is text, a boolean that is
 * neither, an object or a list where one value is expected, several values where one is allowed. One instance per
 * resource: the resource is left out when any of its read values has a problem.
 *
 * <p>The reading follows FHIR's JSON rules as the reader always read them (HAPI's parser, whose messages these are):
 * one object where a list is expected is a list of one, a list of one value where one is expected is that value, a
 * scalar of another JSON type is read from its text ({@code 5} for a code is {@code "5"}), an empty string or
 * {@code null} is absent, an object where a primitive value is expected holds no value, and an unknown code of a FHIR
 * status is absent, not a problem. Only the elements the record reads are read, and so checked: see
 * {@link FhirRecordReader} for why that is safe. The problems are listed in reading order, and "(and n more)"
 * counts the read elements' problems only: with one bad value in a resource the message is HAPI's to the letter.
 *
 * <p>Every method accepts absent ({@code null}) nodes.
 */
final class FhirElements {

    private static final int MAX_VALUE_LENGTH = 40;
    /** The types of a choice's values that are primitives (the others are complex: objects). */
    private static final Set<String> PRIMITIVE_TYPES = Set.of("DateTime", "Date", "Instant", "Time", "String",
            "Integer", "Boolean", "Decimal");

    private final List<String> problems = new ArrayList<>(0);

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** The first problem, and how many more there are. */
    String problemSummary() {
        int more = problems.size() - 1;
        return problems.get(0) + (more == 0 ? "" : " (and " + more + " more)");
    }

    // ---- structure

    /**
     * A resource's id, checked: one value (a number is read as its text); an object or a list there is a problem,
     * and several values in a list one more.
     */
    String resourceId(JsonNode resource) {
        JsonNode id = resource.get("id");
        if (id != null && id.isContainerNode()) {
            problems.add("id is " + (id.isArray() ? "a list" : "an object") + " where a single value is expected");
            single(id, "id");
            return null;
        }
        return valueText(id);
    }

    /** A single complex element (CodeableConcept, Period, Reference...), or {@code null}. */
    JsonNode object(JsonNode parent, String name) {
        JsonNode node = single(parent == null ? null : parent.get(name), name);
        return isObject(node, name) ? node : null;
    }

    /** A repeating complex element: its objects in order (a {@code null} item is an empty one). */
    List<JsonNode> objects(JsonNode parent, String name) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            return isObject(node, name) ? List.of(node) : List.of();
        }
        List<JsonNode> items = new ArrayList<>(node.size());
        for (JsonNode item : flat(node)) {
            if (item.isNull() || isObject(item, name)) {
                items.add(item);
            }
        }
        return items;
    }

    /** A list's items, one object as a list of one; nothing for anything else. */
    static Iterable<JsonNode> items(JsonNode node) {
        return node == null ? List.of() : node.isObject() ? List.of(node) : flat(node);
    }

    /** A list's items; a list inside a list gives its items in its place, as the parser reads it. */
    private static Iterable<JsonNode> flat(JsonNode array) {
        for (JsonNode item : array) {
            if (item.isArray()) {
                List<JsonNode> items = new ArrayList<>();
                addFlat(array, items);
                return items;
            }
        }
        return array;
    }

    private static void addFlat(JsonNode array, List<JsonNode> into) {
        for (JsonNode item : array) {
            if (item.isArray()) {
                addFlat(item, into);
            } else {
                into.add(item);
            }
        }
    }

    /** The first item of a repeating complex element ({@code dosage[0]}), or {@code null}. */
    JsonNode first(JsonNode parent, String name) {
        List<JsonNode> items = objects(parent, name);
        return items.isEmpty() ? null : items.get(0);
    }

    private boolean isObject(JsonNode node, String name) {
        if (node == null || node.isNull() || node.isObject()) {
            return node != null && node.isObject();
        }
        if (node.isValueNode()) {
            problems.add(name + " is a single value where an object is expected");
        }
        return false;
    }

    /** One value where one is allowed: a list of one is that value; several are a problem. */
    private JsonNode single(JsonNode node, String element) {
        if (node == null || !node.isArray()) {
            return node;
        }
        Iterator<JsonNode> items = flat(node).iterator();
        JsonNode first = items.hasNext() ? items.next() : null;
        if (items.hasNext()) {
            problems.add(element + " has several values where one is allowed");
            return null;
        }
        return first;
    }

    /**
     * The element of a choice {@code <name>[x]} that is present, e.g. {@code effectivePeriod} for {@code effective}:
     * the last of the allowed types written, as the parser kept it; {@code null} when none is. Every one written is
     * checked as its type, so the accessors of a choice's value report nothing more.
     */
    Choice choice(JsonNode parent, String name, Set<String> types) {
        if (parent == null) {
            return null;
        }
        Choice found = null;
        for (Iterator<Map.Entry<String, JsonNode>> fields = parent.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.length() > name.length() && key.startsWith(name) && types.contains(key.substring(name.length()))) {
                found = new Choice(key.substring(name.length()), key, single(field.getValue(), name));
                check(found);
            }
        }
        return found;
    }

    /** One element of a choice: its type ({@code Period}), its JSON name and its value. */
    record Choice(String type, String jsonName, JsonNode value) {
    }

    private void check(Choice choice) {
        String text = valueText(choice.value());
        switch (choice.type()) {
            case "DateTime", "Date", "Instant" -> date(text, choice.jsonName());
            case "Integer" -> integer(text, choice.jsonName());
            case "Boolean" -> bool(text, choice.jsonName());
            default -> {
                if (!PRIMITIVE_TYPES.contains(choice.type())) {
                    isObject(choice.value(), choice.jsonName());
                }
            }
        }
    }

    // ---- primitives

    /** A string, code, uri or id; blank text is absent. */
    String text(JsonNode parent, String name) {
        String text = scalar(parent, name);
        return text == null || text.isBlank() ? null : text;
    }

    /** A code of a FHIR enumeration (a status): an unknown code is absent, as the contract passes it through. */
    String code(JsonNode parent, String name, Set<String> known) {
        String code = scalar(parent, name);
        return code != null && known.contains(code) ? code : null;
    }

    Instant instant(JsonNode parent, String name) {
        FhirDate date = date(scalar(parent, name), name);
        return date == null ? null : date.instant();
    }

    LocalDate localDate(JsonNode parent, String name) {
        FhirDate date = date(scalar(parent, name), name);
        return date == null ? null : date.date();
    }

    /** The first value of a repeating dateTime ({@code Timing.event}) as an instant. */
    Instant firstInstant(JsonNode parent, String name) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node != null && node.isArray()) {
            Iterator<JsonNode> items = flat(node).iterator();
            node = items.hasNext() ? items.next() : null;
        }
        checkExtensions(parent, name);
        FhirDate date = date(valueText(node), name);
        return date == null ? null : date.instant();
    }

    Double decimal(JsonNode parent, String name) {
        String text = scalar(parent, name);
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text).doubleValue();
        } catch (NumberFormatException e) {
            return invalid(name, text, "is not a number");
        }
    }

    Integer integer(JsonNode parent, String name) {
        return integer(scalar(parent, name), name);
    }

    private Integer integer(String text, String name) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return invalid(name, text, "is not a number");
        }
    }

    private Boolean bool(String text, String name) {
        if (text == null || "true".equals(text) || "false".equals(text)) {
            return text == null ? null : Boolean.valueOf(text);
        }
        return invalid(name, text, "is not true or false");
    }

    /**
     * Whether a primitive has a value, or extensions in its {@code _name} companion (e.g. a data-absent reason); its
     * problems are not looked for.
     */
    static boolean isPresent(JsonNode parent, String name) {
        if (parent == null) {
            return false;
        }
        JsonNode value = parent.get(name);
        if (value != null && value.isArray()) {
            for (JsonNode item : flat(value)) {
                if (valueText(item) != null && !valueText(item).isBlank()) {
                    return true;
                }
            }
        } else if (valueText(value) != null && !valueText(value).isBlank()) {
            return true;
        }
        return !isEmpty(parent.get("_" + name));
    }

    /** Whether a choice has a value: a primitive's text (an object there holds none), or a complex value's members. */
    static boolean isPresent(Choice choice) {
        if (choice == null) {
            return false;
        }
        return PRIMITIVE_TYPES.contains(choice.type()) ? valueText(choice.value()) != null
                && !valueText(choice.value()).isBlank() : !isEmpty(choice.value());
    }

    /** The text of a single primitive. */
    private String scalar(JsonNode parent, String name) {
        if (parent == null) {
            return null;
        }
        checkExtensions(parent, name);
        return valueText(single(parent.get(name), name));
    }

    /** A primitive's {@code _name} companion holds its id and extensions: an object (a list for a list). */
    private void checkExtensions(JsonNode parent, String name) {
        JsonNode extensions = parent == null ? null : parent.get("_" + name);
        if (extensions != null && extensions.isValueNode() && !extensions.isNull()) {
            problems.add("_" + name + " is a single value where "
                    + (parent.path(name).isArray() ? "a list" : "an object") + " is expected");
        }
    }

    /** A scalar's text; an object (whose members the parser ignores), null and "" hold no value. */
    private static String valueText(JsonNode node) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            return null;
        }
        String text = node.asText();
        return text.isEmpty() ? null : text;
    }

    private FhirDate date(String text, String name) {
        if (text == null) {
            return null;
        }
        try {
            return FhirDate.parse(text);
        } catch (FhirDate.InvalidDate e) {
            return invalid(name, text, "is not a date");
        }
    }

    private <T> T invalid(String name, String value, String whatItIsNot) {
        String text = UnusableRecordException.oneLine(value);
        problems.add(name + " '" + (text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH) + "...")
                + "' " + whatItIsNot);
        return null;
    }

    // ---- data types

    /** All codings of the concepts that carry a code (a coding without a code cannot be matched). */
    List<Coding> codings(List<JsonNode> concepts) {
        List<Coding> codes = new ArrayList<>();
        for (JsonNode concept : concepts) {
            addCodings(codes, concept);
        }
        return codes;
    }

    List<Coding> codings(JsonNode concept) {
        List<Coding> codes = new ArrayList<>(1);
        addCodings(codes, concept);
        return codes;
    }

    void addCodings(List<Coding> target, JsonNode concept) {
        for (JsonNode coding : objects(concept, "coding")) {
            String code = text(coding, "code");
            if (code != null) {
                target.add(new Coding(text(coding, "system"), code, text(coding, "display")));
            }
        }
    }

    /** The code of the first coding, e.g. of {@code clinicalStatus}; passed through as sent. */
    String firstCode(JsonNode concept) {
        JsonNode first = first(concept, "coding");
        return first == null ? null : text(first, "code");
    }

    /** A CodeableConcept's text. */
    String conceptText(JsonNode concept) {
        return text(concept, "text");
    }

    /**
     * {@code Quantity} (and its profiles, e.g. SimpleQuantity, Age, Duration); the unit is the coded (UCUM) unit when
     * there is one, else the human-readable unit.
     */
    Quantity quantity(JsonNode quantity) {
        if (isEmpty(quantity)) {
            return null;
        }
        Double number = decimal(quantity, "value");
        String code = text(quantity, "code");
        return new Quantity(number, code != null ? code : text(quantity, "unit"));
    }

    /** An Observation's value[x] (or a component's) as a quantity: a Quantity, or an integer. */
    Quantity quantity(Choice value) {
        if (value == null) {
            return null;
        }
        if (value.type().equals("Integer")) {
            String text = valueText(value.value());
            return text == null || isNotInteger(text) ? null : new Quantity((double) Integer.parseInt(text), null);
        }
        return quantity(object(value, "Quantity"));
    }

    private static boolean isNotInteger(String text) {
        try {
            Integer.parseInt(text);
            return false;
        } catch (NumberFormatException e) {
            return true; // reported by choice()
        }
    }

    /** A choice's value as a complex element of its type, or {@code null} when it is of another type. */
    JsonNode object(Choice choice, String type) {
        return choice != null && choice.type().equals(type) && choice.value() != null && choice.value().isObject()
                ? choice.value() : null;
    }

    /** A choice's value as a boolean, when it is one. */
    Boolean bool(Choice choice) {
        String text = choice != null && choice.type().equals("Boolean") ? valueText(choice.value()) : null;
        return "true".equals(text) || "false".equals(text) ? Boolean.valueOf(text) : null;
    }

    /** A dateTime, or a Period's start (onset[x], effective[x], performed[x]...); other types give null. */
    Instant instantOrStart(Choice choice) {
        if (choice == null) {
            return null;
        }
        if (choice.type().equals("DateTime") || choice.type().equals("Instant")) {
            try {
                FhirDate date = FhirDate.parse(Objects.requireNonNullElse(valueText(choice.value()), ""));
                return date == null ? null : date.instant();
            } catch (FhirDate.InvalidDate e) {
                return null; // reported by choice()
            }
        }
        return instant(object(choice, "Period"), "start");
    }

    /**
     * Whether a node holds anything: a value, or an object or list with something in it (a Reference with only a
     * display holds something; {@code {}} and {@code ""} do not).
     */
    static boolean isEmpty(JsonNode node) {
        if (node == null || node.isNull()) {
            return true;
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (!isEmpty(child)) {
                    return false;
                }
            }
            return true;
        }
        return node.isTextual() && node.asText().isBlank();
    }
}
