package org.ketaminecds.fhir;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The team's shared test data, {@code shared/data} beside the repository: {@code <repo root>/../shared/data},
 * where the repo root is the nearest ancestor of the working directory that holds {@code mvnw}
 * (Maven runs tests in the module directory, an IDE often in the repo root). The system property
 * {@code ketaminecds.shared.data} overrides it.
 *
 * <p>Missing data fails the test (it does not skip it): CI always has the folder, so a skip would
 * only hide a broken checkout.
 */
public final class SharedData {

    private SharedData() {
    }

    /** A folder under {@code shared/data}, e.g. {@code us-core-examples}; fails when absent. */
    public static Path dir(String relative) {
        Path dir = root().resolve(relative);
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("shared test data not found: " + dir
                    + " (expected the shared/data folder beside the repository, or -Dketaminecds.shared.data=<dir>)");
        }
        return dir;
    }

    /** A file of the shared clinical requirement, e.g. {@code knowledge-base.md}; fails when absent. */
    public static Path clinical(String file) {
        Path path = root().resolveSibling("clinical").resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new AssertionError("shared clinical file not found: " + path);
        }
        return path;
    }

    /** The repository's root folder: the nearest ancestor of the working directory that holds mvnw. */
    public static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new AssertionError("no ancestor of " + start + " holds mvnw, so the repository root is unknown");
    }

    private static Path root() {
        String override = System.getProperty("ketaminecds.shared.data");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath().normalize();
        }
        Path repo = repositoryRoot();
        if (repo.getParent() == null) {
            throw new AssertionError("the repository " + repo + " has no parent folder to hold shared/data;"
                    + " set -Dketaminecds.shared.data=<dir>");
        }
        return repo.getParent().resolve("shared").resolve("data");
    }
}
