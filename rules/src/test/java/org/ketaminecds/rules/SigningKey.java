package org.ketaminecds.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.ketaminecds.core.PackageSignature;

/**
 * A fresh Ed25519 key pair in PEM files, as {@code openssl genpkey -algorithm ed25519} writes them: a signer's key
 * for the tests of signed rule folders. In the rules test-jar, beside {@link PackageFolder}.
 *
 * @param privatePem the private key (PKCS#8)
 * @param publicPem  the public key (X.509 SubjectPublicKeyInfo)
 * @param keyId      the public key's id
 */
public record SigningKey(Path privatePem, Path publicPem, String keyId) {

    public static SigningKey create(Path dir, String name) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Path privatePem = Files.writeString(dir.resolve(name + ".pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Path publicPem = Files.writeString(dir.resolve(name + ".pub.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return new SigningKey(privatePem, publicPem, PackageSignature.keyId(pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
