package org.ketaminecds.core;

/** Severity of a finding, least to most severe. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL
}
