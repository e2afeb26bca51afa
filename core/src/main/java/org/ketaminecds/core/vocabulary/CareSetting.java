package org.ketaminecds.core.vocabulary;

import java.util.Set;

/**
 * An Organization or Location of the record.
 *
 * @param id       {@code Organization/<id>} or {@code Location/<id>}
 * @param concepts concepts of its types (e.g. {@code LOCAL#rems-setting-certified})
 */
public record CareSetting(String id, Set<String> concepts) implements Coded {
}
