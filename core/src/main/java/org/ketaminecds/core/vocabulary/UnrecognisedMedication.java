package org.ketaminecds.core.vocabulary;

import java.util.List;
import java.util.Set;
import org.ketaminecds.core.record.MedicationKind;

/**
 * A current medication the package cannot recognise by its codes (knowledge-base §2.5: "an unmapped medication
 * code is a data gap, not a silent miss"): one with no RxNorm or NDC code and no code the package lists, or an
 * RxNorm/NDC code the package does not have whose name looks like a drug of a medication value set. It is no
 * {@link Medication}: a name never counts as the drug, so no rule fires or clears on it; a rule that reads a class of
 * drugs may say that it cannot be sure ({@link #looksLike}).
 *
 * @param id         {@code MedicationStatement/<id>} etc.
 * @param kind       which resource it came from
 * @param name       its text, else the display of its first code, or {@code null}
 * @param codes      its codes as {@code system|code}
 * @param lookalikes the drugs of the package its name names ("alprazolam"), possibly none
 * @param concepts   the value sets of those drugs: what it would be, were it coded
 * @param reason     in one line, for the data gap: what is wrong and how to fix it (without the id)
 */
public record UnrecognisedMedication(String id, MedicationKind kind, String name, List<String> codes,
                                     List<String> lookalikes, Set<String> concepts, String reason) {

    public UnrecognisedMedication {
        codes = List.copyOf(codes);
        lookalikes = List.copyOf(lookalikes);
        concepts = Set.copyOf(concepts);
    }

    /** True when its name looks like a drug of the named value set. It is not that drug: see the class comment. */
    public boolean looksLike(String concept) {
        return concepts.contains(concept);
    }

    /** What it is called, for wording: its name, else its first code, else its id. */
    public String label() {
        return name != null ? name : !codes.isEmpty() ? codes.get(0) : id;
    }
}
