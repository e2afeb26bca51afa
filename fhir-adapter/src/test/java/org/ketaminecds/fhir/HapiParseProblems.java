package org.ketaminecds.fhir;

import ca.uhn.fhir.parser.ErrorHandlerAdapter;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Pre-issue-17, frozen for HapiRecordReader (the equivalence oracle). Collects, during one HAPI parse, the problems that lose or garble data, as one-line texts.
 * HAPI's lenient default only logs them and leaves the element empty, which would let a broken
 * value pass as "absent". Harmless deviations (unknown elements, a number sent as a string) are
 * not problems: HAPI reads them correctly.
 */
final class HapiParseProblems extends ErrorHandlerAdapter {

    /** HAPI's generated enum factories say "Unknown ObservationStatus code 'x'". */
    private static final Pattern UNKNOWN_CODE = Pattern.compile("^Unknown \\S+ code '");
    private static final Pattern HAPI_MESSAGE_CODE = Pattern.compile("HAPI-\\d+: ");
    private static final int MAX_VALUE_LENGTH = 40;

    private final List<String> problems = new ArrayList<>(0);

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The first problem, and how many more there are. */
    String summary() {
        if (problems.isEmpty()) {
            return "";
        }
        int more = problems.size() - 1;
        return problems.get(0) + (more == 0 ? "" : " (and " + more + " more)");
    }

    @Override
    public void invalidValue(IParseLocation location, String value, String error) {
        // An empty string is an absent value; an unknown code of a FHIR enum (status, gender...)
        // stays null in HAPI, and the contract passes unknown statuses through as null.
        if (value == null || value.isEmpty() || (error != null && UNKNOWN_CODE.matcher(error).find())) {
            return;
        }
        problems.add(element(location) + " '" + shorten(value) + "' " + whatItIsNot(error));
    }

    @Override
    public void incorrectJsonType(IParseLocation location, String elementName, ValueType expectedType,
            ScalarType expectedScalar, ValueType foundType, ScalarType foundScalar) {
        // HAPI reads a scalar of the wrong JSON type from its text (and checks it as a value), and
        // one object where a list is expected as a list of one; null is absent. Anything else is dropped.
        if (expectedType == foundType || foundType == ValueType.NULL
                || (expectedType == ValueType.ARRAY && foundType == ValueType.OBJECT)) {
            return;
        }
        problems.add(elementName + " is " + describe(foundType) + " where " + describe(expectedType)
                + " is expected");
    }

    @Override
    public void unexpectedRepeatingElement(IParseLocation location, String elementName) {
        // HAPI would keep the first value; which one the sender meant is unknown.
        problems.add(elementName + " has several values where one is allowed");
    }

    /** A HAPI or Jackson message in one line, without HAPI's message codes. */
    static String clean(String message) {
        String text = message == null ? "" : HAPI_MESSAGE_CODE.matcher(message).replaceAll("");
        int lineBreak = text.indexOf('\n');
        return UnusableRecordException.oneLine(lineBreak < 0 ? text : text.substring(0, lineBreak));
    }

    private static String element(IParseLocation location) {
        String name = location == null ? null : location.getParentElementName();
        return name == null || name.isEmpty() ? "a value" : name;
    }

    private static String shorten(String value) {
        String text = UnusableRecordException.oneLine(value);
        return text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH) + "...";
    }

    /** The error texts come from HAPI's primitive types and from the JDK number parsers. */
    private static String whatItIsNot(String error) {
        String text = error == null ? "" : error;
        if (text.startsWith("Invalid date/time")) {
            return "is not a date";
        }
        if (text.contains("decimal digit number") || text.contains("NumberFormatException")) {
            return "is not a number";
        }
        if (text.startsWith("Invalid boolean")) {
            return "is not true or false";
        }
        return "is not valid (" + clean(text) + ")";
    }

    private static String describe(ValueType type) {
        if (type == null) {
            return "nothing";
        }
        return switch (type) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case SCALAR -> "a single value";
            case NULL -> "null";
        };
    }
}
