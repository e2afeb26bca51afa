package org.ketaminecds.core.derived;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.ketaminecds.core.vocabulary.Medication;

/**
 * The planned order: the ketamine/esketamine orders (active or draft) whose dose is the planned dose, by id. Empty
 * when no dose is planned (review mode). The evidence of every finding about the planned dose.
 *
 * @param ids the orders' ids, sorted
 */
public record PlannedOrders(List<String> ids) {

    public PlannedOrders {
        ids = List.copyOf(ids);
    }

    /** Of the given orders, those with the planned dose. */
    public static PlannedOrders of(Collection<?> orders, Double plannedDoseMg) {
        List<String> ids = new ArrayList<>();
        for (Object o : orders) {
            Medication m = (Medication) o;
            if (plannedDoseMg != null && m.doseMg() != null && m.doseMg().doubleValue() == plannedDoseMg.doubleValue()) {
                ids.add(m.id());
            }
        }
        Collections.sort(ids);
        return new PlannedOrders(ids);
    }
}
