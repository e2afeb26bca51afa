package org.ketaminecds.core.vocabulary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * "The latest" of some timed facts, as knowledge-base §2.5 says: by effective time, ties by issued
 * ({@link Timed#isLaterThan}). Facts tied on both are all latest; a rule that needs one takes the safer of them,
 * and the finding says so (the engine adds a note for tied evidence).
 */
public final class Latest {

    private Latest() {
    }

    /** The facts tied for the latest: one, unless several share its effective time and issued; empty when none has a time. */
    @SuppressWarnings("unchecked")
    public static <T extends Timed> List<T> tied(Collection<?> facts) {
        List<T> latest = new ArrayList<>(1);
        for (Object o : facts) {
            T t = (T) o;
            if (t.effective() == null) {
                continue;
            }
            if (latest.isEmpty() || t.isLaterThan(latest.get(0))) {
                latest.clear();
                latest.add(t);
            } else if (t.isTiedWith(latest.get(0))) {
                latest.add(t);
            }
        }
        return latest;
    }

    /** The latest; of several tied, the first by {@code saferFirst}; {@code null} when none has a time. */
    public static <T extends Timed> T of(Collection<?> facts, Comparator<? super T> saferFirst) {
        List<T> latest = tied(facts);
        if (latest.size() > 1) {
            latest.sort(saferFirst.thenComparing(String::valueOf));
        }
        return latest.isEmpty() ? null : latest.get(0);
    }
}
