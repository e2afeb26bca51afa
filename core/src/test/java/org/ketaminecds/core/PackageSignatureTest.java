package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.PackageSignature.Status;

class PackageSignatureTest {

    private static final String SHA = "7cca2256c47a".repeat(5) + "abcd";
    private static final KnowledgeInfo INFO = new KnowledgeInfo("ketamine-cds-rules", "0.1.0", SHA,
            KnowledgeInfo.Source.UNSIGNED_FOLDER, null);

    @TempDir
    Path dir;

    private final KeyPair pair = generate();

    @Test
    void keyId_rfc8037Example_isItsJwkThumbprint() throws GeneralSecurityException {
        // RFC 8037 A.2 public key, A.3 its RFC 7638 thumbprint.
        byte[] x = Base64.getUrlDecoder().decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(x));
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));

        assertThat(PackageSignature.keyId(key)).isEqualTo("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    }

    @Test
    void check_signedByTrustedKey_trustedNamingTheKey() {
        String keyId = PackageSignature.write(dir, INFO, pair.getPrivate());

        PackageSignature trusted = PackageSignature.check(dir, SHA, trusting(pair.getPublic()));
        PackageSignature untrusted = PackageSignature.check(dir, SHA, RuleFolderPolicy.signatureOptional());

        assertThat(keyId).isEqualTo(PackageSignature.keyId(pair.getPublic()));
        assertThat(trusted).isEqualTo(new PackageSignature(Status.TRUSTED, keyId, null));
        assertThat(trusted.describe()).isEqualTo("signed by " + keyId + ", a trusted key");
        assertThat(untrusted).isEqualTo(new PackageSignature(Status.UNTRUSTED_KEY, keyId, null));
        assertThat(PackageSignature.check(dir, SHA, trusting(generate().getPublic())).status()).isEqualTo(Status.UNTRUSTED_KEY);
    }

    @Test
    void check_folderChangedAfterSigning_doesNotMatchSayingSo() {
        String keyId = PackageSignature.write(dir, INFO, pair.getPrivate());

        PackageSignature changed = PackageSignature.check(dir, "0".repeat(64), trusting(pair.getPublic()));

        assertThat(changed.status()).isEqualTo(Status.DOES_NOT_MATCH);
        assertThat(changed.describe()).isEqualTo("knowledge.sig does not match the folder: the folder changed after "
                + keyId + " signed it (signed sha256 7cca2256c47a…, now 000000000000…): sign it again");
    }

    @Test
    void check_forgedSignatureFiles_doNotMatch() throws IOException {
        PackageSignature.write(dir, INFO, pair.getPrivate());
        Path file = dir.resolve(PackageSignature.FILE);
        String signed = Files.readString(file);
        KeyPair other = generate();

        // Another key's public key and id put in: the signature is not theirs.
        Files.writeString(file, signed
                .replace(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
                        Base64.getEncoder().encodeToString(other.getPublic().getEncoded()))
                .replace(PackageSignature.keyId(pair.getPublic()), PackageSignature.keyId(other.getPublic())));
        assertThat(PackageSignature.check(dir, SHA, trusting(other.getPublic())).describe()).isEqualTo("knowledge.sig does "
                + "not match the folder: the signature is not valid for key " + PackageSignature.keyId(other.getPublic()));

        // A trusted key's id claimed for another key.
        Files.writeString(file, signed.replace(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
                Base64.getEncoder().encodeToString(other.getPublic().getEncoded())));
        assertThat(PackageSignature.check(dir, SHA, trusting(pair.getPublic())).detail())
                .startsWith("its keyId is not the id of its public key");

        Files.writeString(file, "not json");
        assertThat(PackageSignature.check(dir, SHA, trusting(pair.getPublic())).status()).isEqualTo(Status.DOES_NOT_MATCH);
    }

    @Test
    void check_noSignatureFile_none() {
        PackageSignature none = PackageSignature.check(dir, SHA, trusting(pair.getPublic()));

        assertThat(none).isEqualTo(new PackageSignature(Status.NONE, null, null));
        assertThat(none.describe()).isEqualTo("not signed (no knowledge.sig)");
    }

    @Test
    void readKeys_pemFiles_readBackTheKeys_elseNameTheFile() throws IOException {
        Path publicPem = Files.writeString(dir.resolve("k.pub.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Path privatePem = Files.writeString(dir.resolve("k.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Path notAKey = Files.writeString(dir.resolve("notes.txt"), "hello");

        assertThat(PackageSignature.readPublicKey(publicPem)).isEqualTo(pair.getPublic());
        assertThat(PackageSignature.readPrivateKey(privatePem).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThatThrownBy(() -> PackageSignature.readPublicKey(privatePem)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(privatePem + ": not a PEM file with -----BEGIN PUBLIC KEY-----");
        assertThatThrownBy(() -> PackageSignature.readPrivateKey(notAKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(notAKey + ": not a PEM file");
    }

    private static RuleFolderPolicy trusting(PublicKey key) {
        return RuleFolderPolicy.signedBy(List.of(key));
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label + "-----\n";
    }
}
