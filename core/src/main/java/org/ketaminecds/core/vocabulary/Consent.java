package org.ketaminecds.core.vocabulary;

import java.util.Set;

/**
 * An active consent.
 *
 * @param id       {@code Consent/<id>}
 * @param concepts concepts of its categories (e.g. {@code LOCAL#offlabel-consent})
 */
public record Consent(String id, Set<String> concepts) implements Coded {
}
