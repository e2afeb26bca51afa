package org.ketaminecds.core.derived;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.ketaminecds.core.vocabulary.CareSetting;

/**
 * The Locations of the record typed as the patient's home (KET-TOL-006; which codes count is the rule's choice).
 *
 * @param ids their ids
 */
public record HomeDestinations(Set<String> ids) {

    public HomeDestinations {
        ids = Set.copyOf(ids);
    }

    public static HomeDestinations of(Collection<?> homes) {
        Set<String> ids = new TreeSet<>();
        for (Object o : homes) {
            ids.add(((CareSetting) o).id());
        }
        return new HomeDestinations(ids);
    }
}
