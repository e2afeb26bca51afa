package org.ketaminecds.core.derived;

/** The resource ids a finding cites as its evidence, collected from the facts a rule matched. */
public final class EvidenceIds {

    private EvidenceIds() {
    }
}
