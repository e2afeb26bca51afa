package org.ketaminecds.core;

/** The four rule sets of the knowledge base. */
public enum RuleSet {
    CANDIDACY,
    CONTRAINDICATIONS,
    TOLERANCE_DEPENDENCE,
    MONITORING
}
