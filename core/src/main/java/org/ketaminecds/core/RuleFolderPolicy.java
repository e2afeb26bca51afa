package org.ketaminecds.core;

import java.security.PublicKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a rule folder must be for {@link KnowledgePackage#fromDirectory(java.nio.file.Path, RuleFolderPolicy)} to load
 * it: who must have signed it, and how big it may be. Immutable; each {@code with...} returns a changed copy.
 *
 * <pre>{@code
 * RuleFolderPolicy serving = RuleFolderPolicy.signedBy(List.of(PackageSignature.readPublicKey(pem)));
 * RuleFolderPolicy authoring = RuleFolderPolicy.signatureOptional();   // rules validate / test, evaluate --rules
 * }</pre>
 *
 * <p>A rule folder is code (docs/security.md): a host that serves patients loads only folders signed by a key it
 * trusts. The size limits are checked before a byte is read, so an oversized folder cannot exhaust the host.
 */
public final class RuleFolderPolicy {

    /** Per file: 100 times the largest file of the bundled package, room for a large value-set expansion. */
    public static final long DEFAULT_MAX_FILE_BYTES = 16L * 1024 * 1024;
    /** All package files together: 30 times the bundled package. */
    public static final long DEFAULT_MAX_TOTAL_BYTES = 64L * 1024 * 1024;
    /** Package files (rules, value sets, wording, scenarios...): 7 times the bundled package's 691. */
    public static final int DEFAULT_MAX_FILES = 5_000;

    /** The bundled package on the classpath: part of the application, read without limits. */
    static final RuleFolderPolicy BUILT_IN = new RuleFolderPolicy(Map.of(), false, Long.MAX_VALUE, Long.MAX_VALUE,
            Integer.MAX_VALUE);

    private final Map<String, PublicKey> trustedKeys;
    private final boolean signatureRequired;
    private final long maxFileBytes;
    private final long maxTotalBytes;
    private final int maxFiles;

    private RuleFolderPolicy(Map<String, PublicKey> trustedKeys, boolean signatureRequired, long maxFileBytes,
                             long maxTotalBytes, int maxFiles) {
        this.trustedKeys = Map.copyOf(trustedKeys);
        this.signatureRequired = signatureRequired;
        this.maxFileBytes = maxFileBytes;
        this.maxTotalBytes = maxTotalBytes;
        this.maxFiles = maxFiles;
    }

    /**
     * For serving: only a folder whose {@code knowledge.sig} is a valid signature by one of {@code keys} loads.
     *
     * @throws IllegalArgumentException when {@code keys} is empty (no folder could ever load)
     */
    public static RuleFolderPolicy signedBy(Collection<PublicKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a signature is required, so at least one trusted public key is needed");
        }
        return new RuleFolderPolicy(Map.of(), true, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_FILES)
                .trusting(keys);
    }

    /**
     * Any folder that passes the checks, signed or not: an author's own tools (validate, test, evaluate), or a
     * server started with {@code --allow-unsigned}. A signature by a key of {@link #trusting} still shows as such.
     */
    public static RuleFolderPolicy signatureOptional() {
        return new RuleFolderPolicy(Map.of(), false, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_FILES);
    }

    /** The same policy, also trusting {@code keys} (Ed25519 public keys). */
    public RuleFolderPolicy trusting(Collection<PublicKey> keys) {
        Map<String, PublicKey> trusted = new LinkedHashMap<>(trustedKeys);
        keys.forEach(k -> trusted.put(PackageSignature.keyId(Objects.requireNonNull(k, "key")), k));
        return new RuleFolderPolicy(trusted, signatureRequired, maxFileBytes, maxTotalBytes, maxFiles);
    }

    /** The same policy with other size limits (each at least 1). */
    public RuleFolderPolicy withLimits(long maxFileBytes, long maxTotalBytes, int maxFiles) {
        if (maxFileBytes < 1 || maxTotalBytes < 1 || maxFiles < 1) {
            throw new IllegalArgumentException("rule folder limits must be positive: maxFileBytes " + maxFileBytes
                    + ", maxTotalBytes " + maxTotalBytes + ", maxFiles " + maxFiles);
        }
        return new RuleFolderPolicy(trustedKeys, signatureRequired, maxFileBytes, maxTotalBytes, maxFiles);
    }

    /** Whether only folders signed by a trusted key load. */
    public boolean signatureRequired() {
        return signatureRequired;
    }

    /** The key ids ({@link PackageSignature#keyId}) of the trusted keys. */
    public Set<String> trustedKeyIds() {
        return trustedKeys.keySet();
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    public long maxTotalBytes() {
        return maxTotalBytes;
    }

    public int maxFiles() {
        return maxFiles;
    }
}
