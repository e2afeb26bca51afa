package org.ketaminecds.core;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** Reading a package's files, from a folder or the classpath, into path -> content; and the hash over them. */
final class PackageFiles {

    private PackageFiles() {
    }

    /** A rule folder's files, within the policy's limits; it must hold a manifest. */
    static Map<String, byte[]> fromFolder(Path dir, RuleFolderPolicy policy) {
        if (!Files.isDirectory(dir)) {
            throw new KnowledgePackageException(dir + ": not a folder");
        }
        Map<String, byte[]> files = RuleFolder.read(dir, policy);
        if (!files.containsKey("manifest.yaml")) {
            throw new KnowledgePackageException(dir + ": not a knowledge package (no manifest.yaml in it)");
        }
        return files;
    }

    /** Every source file under the folder of the manifest, from a jar or a directory, sorted by path. */
    static Map<String, byte[]> fromClasspath(URL manifest) {
        try {
            URI uri = manifest.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                boolean created = false;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                    created = true;
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                try {
                    return RuleFolder.read(fs.getPath("/" + KnowledgePackage.CLASSPATH_ROOT), RuleFolderPolicy.BUILT_IN);
                } finally {
                    if (created) {
                        fs.close();
                    }
                }
            }
            return RuleFolder.read(Path.of(uri).getParent(), RuleFolderPolicy.BUILT_IN);
        } catch (URISyntaxException | IOException e) {
            throw new KnowledgePackageException("cannot read the knowledge package at " + manifest + ": " + e.getMessage(), e);
        }
    }

    /** The text of one file, or {@code null} when the package has none of that path. */
    static String text(Map<String, byte[]> files, String path) {
        byte[] bytes = files.get(path);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Hash of the package's source files (not its scenarios) in path order: reproducible across builds. */
    static String sha256(Map<String, byte[]> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                if (!f.getKey().startsWith("scenarios/")) {
                    digest.update(f.getKey().getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                    digest.update(f.getValue());
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
