package org.ketaminecds.core.vocabulary;

import java.util.Set;

/**
 * An active flag whose period covers asOf.
 *
 * @param id       {@code Flag/<id>}
 * @param concepts concepts of its code (e.g. {@code LOCAL#rems-patient-enrolled})
 */
public record Flag(String id, Set<String> concepts) implements Coded {
}
