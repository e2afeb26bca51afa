package org.ketaminecds.fhir.bulk;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern REFERENCE = Pattern.compile("\"reference\"\\s*:\\s*\"([^\"\\\\]+)\"");

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
            if (line.indexOf("\"reference\"") < 0) {
                continue;
            }
            Matcher m = REFERENCE.matcher(line);
            while (m.find()) {
                String target = shared.get(referenceKey(m.group(1)));
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
