package org.ketaminecds.core.derived;

/** Esketamine comes in devices of a fixed dose (28 mg): a session's dose is a whole number of them (KET-TOL-001). */
public final class EsketamineDevices {

    private EsketamineDevices() {
    }

    /** True when a positive dose is a whole number of devices (56 mg = 2 x 28 mg; 42 mg is not). */
    public static boolean whole(double doseMg, double deviceMg) {
        double devices = doseMg / deviceMg;
        return doseMg > 0 && Math.abs(devices - Math.rint(devices)) < 1e-9;
    }
}
