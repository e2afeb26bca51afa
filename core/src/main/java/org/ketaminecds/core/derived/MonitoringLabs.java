package org.ketaminecds.core.derived;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ketaminecds.core.vocabulary.Reading;

/** The safety labs of a repeated ketamine course: liver tests (ALT, AST, ALP, GGT) and urine blood. */
final class MonitoringLabs {

    private static final List<String> LIVER_TESTS = List.of("ALT", "AST", "ALP", "GGT");

    private MonitoringLabs() {
    }

    /** Which of ALT, AST, ALP and GGT (in that order) has no result between {@code from} and {@code to}. */
    static List<String> missingLiverTests(List<?> labs, Instant from, Instant to) {
        List<String> missing = new ArrayList<>();
        for (String test : LIVER_TESTS) {
            boolean found = false;
            for (Object o : labs) {
                Reading r = (Reading) o;
                found |= r.isA("VS-" + test) && MonitoringWindows.between(r, from, to);
            }
            if (!found) {
                missing.add(test);
            }
        }
        return missing;
    }

    /** A urine blood result between {@code from} and {@code to}. */
    static boolean hasUrineBlood(List<?> labs, Instant from, Instant to) {
        for (Object o : labs) {
            Reading r = (Reading) o;
            if (r.isA("VS-UA-BLOOD") && MonitoringWindows.between(r, from, to)) {
                return true;
            }
        }
        return false;
    }
}
