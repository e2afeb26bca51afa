package org.ketaminecds.samples.spark;

/** Placeholder while the module's dependencies are sorted out. */
public final class PopulationScreenJob {
    private PopulationScreenJob() {
    }
}
