package org.ketaminecds.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The package's own thresholds (rules/.../thresholds.yaml, read through the loader), for unit tests of core's rule
 * support: tests meet the defaults the rules run with, never a hand-made copy of them that could drift.
 */
public final class PackageThresholds {

    /** core's tests run in the core folder; the package sits beside it in the rules module. */
    private static final Path FILE = Path.of("../rules/src/main/resources", KnowledgePackage.CLASSPATH_ROOT, "thresholds.yaml");
    private static final Thresholds DEFAULTS = read();

    private PackageThresholds() {
    }

    public static Thresholds defaults() {
        return DEFAULTS;
    }

    private static Thresholds read() {
        try {
            return PackageLoader.thresholds(Map.of("thresholds.yaml", Files.readAllBytes(FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException("the package's thresholds for core's tests: " + FILE.toAbsolutePath(), e);
        }
    }
}
