package org.ketaminecds.core.vocabulary;

import java.util.Set;

/**
 * An allergy that counts (clinicalStatus active or absent; not refuted, resolved or entered in error).
 *
 * @param id       {@code AllergyIntolerance/<id>}
 * @param concepts value-set concepts of its substance codes
 */
public record Allergy(String id, Set<String> concepts) implements Coded {
}
