package org.ketaminecds.core.derived;

import java.time.Instant;
import java.util.Collection;
import org.ketaminecds.core.vocabulary.Diagnosis;
import org.ketaminecds.core.vocabulary.Medication;

/**
 * A patient exposed to ketamine or esketamine (an administration, dispense or statement; not an order alone), since
 * the first exposure with a start (KET-TOL-007).
 *
 * @param first the earliest start of an exposure, or {@code null} when none has one
 */
public record KetamineExposure(Instant first) {

    public static KetamineExposure of(Collection<?> exposures) {
        Instant first = null;
        for (Object o : exposures) {
            Instant start = ((Medication) o).start();
            if (start != null && (first == null || start.isBefore(first))) {
                first = start;
            }
        }
        return new KetamineExposure(first);
    }

    /** A diagnosis with onset on or after the first exposure; without an onset (or a known first exposure), new. */
    public boolean precedes(Diagnosis d) {
        return d.onset() == null || first == null || !d.onset().isBefore(first);
    }
}
