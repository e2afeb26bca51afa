package org.ketaminecds.core.derived;

import java.util.Collection;
import org.ketaminecds.core.Route;
import org.ketaminecds.core.record.MedicationKind;
import org.ketaminecds.core.vocabulary.CareSetting;
import org.ketaminecds.core.vocabulary.Medication;

/** Which racemic ketamine supply is for use at home (KET-TOL-006). */
final class TakeHome {

    private TakeHome() {
    }

    /**
     * A dispense that went home (handed to the patient, or sent to a home Location), or that names neither receiver
     * nor a destination on record and is not for a clinic route (IV, IM); a prescription by any route but IV or IM.
     */
    static boolean isTakeHome(Medication m, Collection<?> places, HomeDestinations homes) {
        if (m.kind() == MedicationKind.DISPENSE) {
            if (m.receivedByPatient()) {
                return true;
            }
            for (Object o : places) {
                CareSetting place = (CareSetting) o;
                if (place.id().equals(m.destination())) {
                    return homes.ids().contains(place.id());
                }
            }
            if (!m.receivers().isEmpty()) {
                return false;
            }
        }
        return m.route() != Route.IV && m.route() != Route.IM;
    }
}
