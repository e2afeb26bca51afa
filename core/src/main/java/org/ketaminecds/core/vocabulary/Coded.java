package org.ketaminecds.core.vocabulary;

import java.util.Set;

/** A fact tagged with the value-set concepts of its codes. */
public interface Coded {

    /** Concept names, e.g. {@code VS-ANEURYSM} or {@code LOCAL#escort-confirmed}. */
    Set<String> concepts();

    /** True when one of its codes is in the named value set. */
    default boolean isA(String concept) {
        return concepts().contains(concept);
    }
}
