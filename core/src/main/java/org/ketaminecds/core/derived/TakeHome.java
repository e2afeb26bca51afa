package org.ketaminecds.core.derived;

import java.util.Collection;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.vocabulary.CareSetting;
import org.ketaminecds.core.vocabulary.Medication;

/**
 * Where a dispense went (KB §2.5: "a 'home' dispense destination" gets a local code), and which racemic ketamine
 * supply is for use at home (KET-TOL-006).
 */
public final class TakeHome {

    private TakeHome() {
    }

    /** A Location typed as the patient's home: the local code, or a standard code of VS-HOME-DESTINATION. */
    public static boolean isHome(CareSetting place) {
        return place.isA("LOCAL#home-destination") || place.isA("VS-HOME-DESTINATION");
    }

    /**
     * A dispense that went home (handed to the patient, or sent to a home Location), or that names neither receiver
     * nor a destination on record and is not for a clinic route (IV, IM); a prescription by any route but IV or IM.
     */
    static boolean isTakeHome(Medication m, Collection<?> places) {
        if (m.kind() == MedicationKind.DISPENSE) {
            if (m.receivedByPatient()) {
                return true;
            }
            for (Object o : places) {
                CareSetting place = (CareSetting) o;
                if (place.id().equals(m.destination())) {
                    return isHome(place);
                }
            }
            if (!m.receivers().isEmpty()) {
                return false;
            }
        }
        return m.route() != Route.IV && m.route() != Route.IM;
    }
}
