package org.ketaminecds.core.derived;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ketaminecds.core.vocabulary.DataIssue;

/**
 * The invalid or unreadable values (data issues) some rule of the evaluation's mode would have used (KET-MON-020).
 *
 * @param ids        the resources, in resource-id order, once each
 * @param problems   what is wrong with each value, in resource-id order (then by problem), so the text does not
 *                   depend on the engine's order
 * @param thresholds the thresholds whose windows selected the issues
 */
public record InvalidValues(List<String> ids, List<String> problems, List<String> thresholds) {

    private static final Comparator<DataIssue> BY_RESOURCE = Comparator.comparing(DataIssue::resourceId)
            .thenComparing(DataIssue::problem);

    public InvalidValues {
        ids = List.copyOf(ids);
        problems = List.copyOf(problems);
        thresholds = List.copyOf(thresholds);
    }

    /** The issues (at least one), selected with the windows of the named thresholds. */
    public static InvalidValues of(List<?> issues, String... thresholds) {
        List<DataIssue> sorted = sorted(issues);
        return new InvalidValues(EvidenceIds.ofIssues(issues), sorted.stream().map(DataIssue::problem).toList(),
                List.of(thresholds));
    }

    /** The first problem. */
    public String first() {
        return problems.get(0);
    }

    /** How many problems there are besides the first. */
    public int more() {
        return problems.size() - 1;
    }

    /** Every problem: "a; b". */
    public String all() {
        return String.join("; ", problems);
    }

    /** {@link #thresholds()} for {@code Hit.using}. */
    public String[] thresholdNames() {
        return thresholds.toArray(new String[0]);
    }

    static List<DataIssue> sorted(List<?> issues) {
        List<DataIssue> sorted = new ArrayList<>();
        for (Object o : issues) {
            sorted.add((DataIssue) o);
        }
        sorted.sort(BY_RESOURCE);
        return sorted;
    }
}
