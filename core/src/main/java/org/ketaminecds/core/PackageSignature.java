package org.ketaminecds.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A rule folder's signature: {@code knowledge.sig}, an Ed25519 signature (JDK crypto) over the package hash
 * ({@link KnowledgeInfo#sha256()}), written by {@code ketamine-cds rules sign} and checked when the folder loads.
 * Keys are standard PEM files (a PKCS#8 private key, an X.509 SubjectPublicKeyInfo public key), e.g. from
 * {@code openssl genpkey -algorithm ed25519}. A key is named by its {@link #keyId}.
 *
 * @param status what the signature says about the folder as it is now
 * @param keyId  the key that signed it ({@code null} when not signed, or when the file is unreadable)
 * @param detail for {@link Status#DOES_NOT_MATCH}, what does not match; else {@code null}
 */
public record PackageSignature(Status status, String keyId, String detail) {

    /** The signature's file, at the top of the rule folder (not a package file: it is not part of the hash). */
    public static final String FILE = "knowledge.sig";

    public enum Status {
        /** The folder has no {@code knowledge.sig}. */
        NONE,
        /** A valid signature over the folder as it is, by a key the loader trusts. */
        TRUSTED,
        /** A valid signature over the folder as it is, by a key the loader was not told to trust. */
        UNTRUSTED_KEY,
        /** {@code knowledge.sig} is no valid signature of the folder as it is: changed since, or forged. */
        DOES_NOT_MATCH
    }

    private static final String FORMAT = "ketamine-cds-package-signature/1";
    private static final String ALGORITHM = "Ed25519";
    /** X.509 SubjectPublicKeyInfo of an Ed25519 key: this prefix (RFC 8410), then the 32-byte key. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_FILE_BYTES = 64 * 1024;

    /** One line for people: {@code signed by <key id>, a trusted key}, {@code not signed}... */
    public String describe() {
        return switch (status) {
            case NONE -> "not signed (no " + FILE + ")";
            case TRUSTED -> "signed by " + keyId + ", a trusted key";
            case UNTRUSTED_KEY -> "signed by " + keyId + ", which is not a trusted key";
            case DOES_NOT_MATCH -> FILE + " does not match the folder: " + detail;
        };
    }

    /**
     * The key id: the RFC 7638 JWK thumbprint (SHA-256, base64url) of the key as a JWK
     * {@code {"crv":"Ed25519","kty":"OKP","x":...}}, so that any JOSE library computes the same id.
     *
     * @throws IllegalArgumentException when the key is not an Ed25519 key
     */
    public static String keyId(PublicKey key) {
        String jwk = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + base64url(rawKey(key)) + "\"}";
        return base64url(sha256(jwk.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * An Ed25519 public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----}).
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static PublicKey readPublicKey(Path pem) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(pem(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(pem + ": not an Ed25519 public key (" + e.getMessage() + ")");
        }
    }

    /**
     * An Ed25519 private key from an unencrypted PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}).
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static PrivateKey readPrivateKey(Path pem) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pem(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(pem + ": not an Ed25519 private key (" + e.getMessage() + ")");
        }
    }

    /** Writes {@code knowledge.sig} into {@code dir}: a signature over {@code info.sha256()} by {@code key}. */
    static String write(Path dir, KnowledgeInfo info, PrivateKey key) {
        PublicKey publicKey = publicKeyOf(key);
        String keyId = keyId(publicKey);
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(signed(info.sha256()));
            ObjectNode file = JSON.createObjectNode()
                    .put("format", FORMAT)
                    .put("algorithm", ALGORITHM)
                    .put("keyId", keyId)
                    .put("publicKey", Base64.getEncoder().encodeToString(publicKey.getEncoded()))
                    .put("package", info.id())
                    .put("version", info.version())
                    .put("sha256", info.sha256())
                    .put("signature", Base64.getEncoder().encodeToString(signer.sign()));
            Files.writeString(dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(file) + "\n");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the key cannot sign: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new KnowledgePackageException(dir.resolve(FILE) + ": cannot be written (" + e.getMessage() + ")", e);
        }
        return keyId;
    }

    /** What {@code dir/knowledge.sig} says about a folder whose package files hash to {@code sha256}. */
    static PackageSignature check(Path dir, String sha256, RuleFolderPolicy policy) {
        JsonNode file;
        try (InputStream in = Files.newInputStream(dir.resolve(FILE), LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                return mismatch(null, "it is over " + MAX_FILE_BYTES + " bytes, so not a signature file");
            }
            file = JSON.readTree(bytes);
        } catch (NoSuchFileException e) {
            return new PackageSignature(Status.NONE, null, null);
        } catch (IOException e) {
            return mismatch(null, "it cannot be read as a signature file (" + KnowledgePackageException.oneLine(
                    e.getMessage()) + ")");
        }
        if (file == null || !FORMAT.equals(file.path("format").asText()) || !ALGORITHM.equals(file.path("algorithm").asText())) {
            return mismatch(null, "it is not a " + FORMAT + " file with algorithm " + ALGORITHM);
        }
        PublicKey key;
        byte[] signature;
        try {
            key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(file.path("publicKey").asText())));
            signature = Base64.getDecoder().decode(file.path("signature").asText());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return mismatch(null, "its publicKey or signature is not valid base64 Ed25519");
        }
        String keyId = keyId(key);
        if (!keyId.equals(file.path("keyId").asText())) {
            return mismatch(null, "its keyId is not the id of its public key (" + keyId + ")");
        }
        String signedHash = file.path("sha256").asText();
        if (!signedHash.equals(sha256)) {
            return mismatch(keyId, "the folder changed after " + keyId + " signed it (signed sha256 "
                    + abbreviate(signedHash) + ", now " + abbreviate(sha256) + "): sign it again");
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(signed(sha256));
            if (!verifier.verify(signature)) {
                return mismatch(keyId, "the signature is not valid for key " + keyId);
            }
        } catch (GeneralSecurityException e) {
            return mismatch(keyId, "the signature cannot be checked (" + e.getMessage() + ")");
        }
        return new PackageSignature(policy.trustedKeyIds().contains(keyId) ? Status.TRUSTED : Status.UNTRUSTED_KEY,
                keyId, null);
    }

    /**
     * The public half of an Ed25519 private key, by the JDK's own key generation seeded with the private key (the
     * JDK has no call for it); checked: the pair generated must hold the very same private key.
     */
    private static PublicKey publicKeyOf(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new IllegalArgumentException("not an Ed25519 private key (" + key.getAlgorithm() + ")");
        }
        byte[] seed = ed.getBytes().get();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
                }
            });
            KeyPair pair = generator.generateKeyPair();
            if (!Arrays.equals(((EdECPrivateKey) pair.getPrivate()).getBytes().orElse(null), seed)) {
                throw new IllegalStateException("this JDK does not derive Ed25519 public keys from their private key");
            }
            return pair.getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    /** The bytes signed: the hash, prefixed so that a signature over anything else can never pass for one. */
    private static byte[] signed(String sha256) {
        return (FORMAT + " sha256:" + Objects.requireNonNull(sha256, "sha256")).getBytes(StandardCharsets.UTF_8);
    }

    private static PackageSignature mismatch(String keyId, String detail) {
        return new PackageSignature(Status.DOES_NOT_MATCH, keyId, detail);
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }

    private static byte[] rawKey(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (spki == null || spki.length != ED25519_SPKI_PREFIX.length + 32
                || !Arrays.equals(spki, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, ED25519_SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key (" + key.getAlgorithm() + ")");
        }
        return Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length);
    }

    private static byte[] pem(Path file, String label) {
        String text;
        try (InputStream in = Files.newInputStream(file)) {
            text = new String(in.readNBytes(MAX_FILE_BYTES), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(file + ": not a PEM file with " + begin
                    + (text.contains("ENCRYPTED") ? " (encrypted keys are not supported)" : ""));
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": the PEM content is not base64");
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
