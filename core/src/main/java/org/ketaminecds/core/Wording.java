package org.ketaminecds.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the placeholders of a wording text. {@code {name}} (lower case) is a value the rule provides
 * ({@code Hit.with("bp", ...)}); {@code {NAME}} (upper case) is a threshold, rendered with the value in force and its
 * unit, so a site that overrides {@code SCREENING_BP_MAX_AGE} sees its own value in every text.
 */
final class Wording {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_-]*)}");

    private Wording() {
    }

    /** Replaces every placeholder it can; one it cannot is left as written (the package check reports those). */
    static String fill(String text, Map<String, String> values, Thresholds thresholds) {
        if (text.indexOf('{') < 0) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 32);
        while (m.find()) {
            String name = m.group(1);
            String value = isThresholdName(name) ? thresholdText(name, thresholds) : values.get(name);
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The placeholders of a text, in order of appearance. */
    static List<String> placeholders(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Threshold names are upper snake case ({@code WEIGHT_MAX_AGE}); rule values are lower case. */
    static boolean isThresholdName(String name) {
        return name.chars().allMatch(c -> Character.isUpperCase(c) || Character.isDigit(c) || c == '_')
                && Character.isUpperCase(name.charAt(0));
    }

    private static String thresholdText(String name, Thresholds thresholds) {
        return thresholds.names().contains(name) ? thresholds.describe(name) : null;
    }
}
