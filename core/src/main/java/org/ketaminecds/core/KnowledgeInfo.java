package org.ketaminecds.core;

import java.util.Objects;

/**
 * Which knowledge package produced an assessment, and who vouches for it.
 *
 * @param id       the package id from its manifest
 * @param version  its semantic version
 * @param sha256   hash of its source files (rules, value sets, thresholds, wording, manifest) in path order: what a
 *                 signature signs
 * @param source   where it came from and whether a trusted key signed it
 * @param signedBy for {@link Source#SIGNED_FOLDER}, the key id ({@link PackageSignature#keyId}) of the trusted key
 *                 that signed it; else {@code null}
 */
public record KnowledgeInfo(String id, String version, String sha256, Source source, String signedBy) {

    public enum Source {
        /** The prebuilt package inside the application (the ketamine-cds-rules artifact): trusted as its code is. */
        BUILT_IN,
        /** A rule folder with a valid signature by a key the host trusts ({@link #signedBy()}). */
        SIGNED_FOLDER,
        /** A rule folder loaded without a trusted signature: an author's own tools, or a host that allows it. */
        UNSIGNED_FOLDER
    }

    public KnowledgeInfo {
        Objects.requireNonNull(source, "source");
        if ((source == Source.SIGNED_FOLDER) != (signedBy != null)) {
            throw new IllegalArgumentException("signedBy names the key of a signed folder, and only then");
        }
    }

    /**
     * One line for people: {@code ketamine-cds-rules 0.1.0, sha256 <hash>, signed by <key id>} (or
     * {@code built in}, or {@code UNSIGNED rule folder}).
     */
    public String describe() {
        return id + " " + version + ", sha256 " + sha256 + ", " + switch (source) {
            case BUILT_IN -> "built in";
            case SIGNED_FOLDER -> "signed by " + signedBy;
            case UNSIGNED_FOLDER -> "UNSIGNED rule folder";
        };
    }
}
