package org.ketaminecds.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ketaminecds.core.KnowledgePackage;

/**
 * Copies of the bundled package in a temporary folder, edited as an informaticist would. In the rules test-jar: the
 * adapter's and the command line's tests use it too.
 */
public final class PackageFolder {

    private PackageFolder() {
    }

    public static Path copy(Path target) {
        KnowledgePackage.fromClasspath().writeTo(target);
        return target;
    }

    /** Replaces the first occurrence of {@code from}, which must be there. */
    public static void edit(Path file, String from, String to) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(text).as(file + " contains the text to edit").contains(from);
            Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from),
                    java.util.regex.Matcher.quoteReplacement(to)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int lineOf(Path file, String text) {
        try {
            java.util.List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError(text + " not in " + file);
    }
}
