package org.ketaminecds.core;

/**
 * Which knowledge package produced an assessment.
 *
 * @param id      the package id from its manifest
 * @param version its semantic version
 * @param sha256  hash of its source files (rules, value sets, thresholds, wording, manifest) in path order
 */
public record KnowledgeInfo(String id, String version, String sha256) {
}
