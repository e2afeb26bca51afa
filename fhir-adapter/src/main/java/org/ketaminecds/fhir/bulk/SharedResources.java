package org.ketaminecds.fhir.bulk;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resources of an export that name no patient but that a patient's resources point at, and how a patient gets them:
 * one rule for every screen (this machine's {@link BulkScreen}, the Spark job), so their results stay identical.
 */
public final class SharedResources {

    /**
     * Types that name no patient but that the mapping reads through references (ResourceMapper: a medication's
     * Medication, an Encounter's Organization and Location, a prescriber's PractitionerRole). Other patient-less
     * resources (Practitioner, Group...) are not used.
     */
    public static final Set<String> TYPES = Set.of("Medication", "Organization", "Location", "PractitionerRole");

    private static final String REFERENCE_KEY = "\"reference\"";

    private SharedResources() {
    }

    /**
     * The patient's lines followed by each shared resource they reference ({@code "reference": "[base/]Type/id"}),
     * once, in order of first mention.
     *
     * @param shared {@code Type/id} -> line of the export's shared resources
     */
    public static List<String> withShared(List<String> lines, Map<String, String> shared) {
        if (shared.isEmpty()) {
            return lines;
        }
        Set<String> added = null;
        for (String line : lines) {
            for (int at = line.indexOf(REFERENCE_KEY); at >= 0; at = line.indexOf(REFERENCE_KEY, at + 1)) {
                String reference = referenceAfter(line, at + REFERENCE_KEY.length());
                String target = reference == null ? null : shared.get(referenceKey(reference));
                if (target != null) {
                    if (added == null) {
                        added = new LinkedHashSet<>();
                    }
                    added.add(target);
                }
            }
        }
        if (added == null) {
            return lines;
        }
        List<String> all = new ArrayList<>(lines.size() + added.size());
        all.addAll(lines);
        all.addAll(added);
        return all;
    }

    /**
     * The value of {@code : "value"} after a {@code "reference"} key ending at {@code from}; null when what follows
     * is not such a string (a value with escapes is not read). Regex {@code "reference"\s*:\s*"([^"\\]+)"} by
     * hand: the regex took a tenth of the screen's CPU.
     */
    private static String referenceAfter(String line, int from) {
        int i = skipSpace(line, from);
        if (i >= line.length() || line.charAt(i) != ':') {
            return null;
        }
        i = skipSpace(line, i + 1);
        if (i >= line.length() || line.charAt(i) != '"') {
            return null;
        }
        int start = ++i;
        while (i < line.length() && line.charAt(i) != '"' && line.charAt(i) != '\\') {
            i++;
        }
        return i > start && i < line.length() && line.charAt(i) == '"' ? line.substring(start, i) : null;
    }

    /** Past regex {@code \s*}: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static int skipSpace(String line, int i) {
        while (i < line.length() && " \t\n\u000B\f\r".indexOf(line.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /** {@code Type/id} of {@code [base/]Type/id[/_history/n]}; the text itself when it has no such form. */
    public static String referenceKey(String reference) {
        String r = reference;
        int history = r.indexOf("/_history/");
        if (history >= 0) {
            r = r.substring(0, history);
        }
        int last = r.lastIndexOf('/');
        if (last <= 0) {
            return r;
        }
        int before = r.lastIndexOf('/', last - 1);
        return before < 0 ? r : r.substring(before + 1);
    }
}
