package org.ketaminecds.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ketaminecds.core.KnowledgePackageException.Problem;

/**
 * Reads the package files of a folder (rules, value sets, thresholds, wording, manifest, scenarios) as a host that
 * does not trust the folder must: every size known and within the policy's limits before a byte is read, no
 * symbolic link followed out of the folder, nothing but regular files read (a FIFO would block the reader).
 */
final class RuleFolder {

    private RuleFolder() {
    }

    static boolean isPackageFile(String path) {
        return path.endsWith(".drl") || path.endsWith(".yaml") || path.endsWith(".yml") || path.endsWith(".json");
    }

    /**
     * Path inside the folder -> content, sorted by path.
     *
     * @throws KnowledgePackageException naming every file that is too big, a link out of the folder or not a file
     */
    static Map<String, byte[]> read(Path dir, RuleFolderPolicy limits) {
        Path root;
        try {
            root = dir.toRealPath();
        } catch (IOException e) {
            throw new KnowledgePackageException("cannot read the knowledge package folder " + dir + ": " + e.getMessage(), e);
        }
        Map<String, Path> found = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        long[] total = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = root.relativize(file).toString().replace('\\', '/');
                    BasicFileAttributes target = attrs;
                    Path read = file;
                    if (attrs.isSymbolicLink()) {
                        read = linkInside(root, file, rel, problems);
                        if (read == null || !isPackageFile(rel)) {
                            return FileVisitResult.CONTINUE;
                        }
                        target = Files.readAttributes(read, BasicFileAttributes.class);
                    }
                    if (!isPackageFile(rel)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (!target.isRegularFile()) {
                        problems.add(new Problem(rel, 0, "not a regular file"));
                    } else if (target.size() > limits.maxFileBytes()) {
                        problems.add(new Problem(rel, 0, target.size() + " bytes, over the limit of "
                                + limits.maxFileBytes() + " bytes per file"));
                    } else {
                        total[0] += target.size();
                        found.put(rel, read);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    problems.add(new Problem(root.relativize(file).toString().replace('\\', '/'), 0,
                            "cannot be read (" + e.getMessage() + ")"));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new KnowledgePackageException("cannot read the knowledge package folder " + dir + ": " + e.getMessage(), e);
        }
        problems.sort(Comparator.comparing(Problem::file)); // the walk's order is the file system's
        if (found.size() > limits.maxFiles()) {
            problems.add(new Problem("", 0, dir + ": " + found.size() + " package files, over the limit of "
                    + limits.maxFiles()));
        }
        if (total[0] > limits.maxTotalBytes()) {
            problems.add(new Problem("", 0, dir + ": the package files add up to " + total[0]
                    + " bytes, over the limit of " + limits.maxTotalBytes()));
        }
        if (!problems.isEmpty()) {
            throw new KnowledgePackageException(problems);
        }
        Map<String, byte[]> files = new TreeMap<>();
        found.forEach((rel, path) -> files.put(rel, bounded(path, rel, limits.maxFileBytes())));
        return files;
    }

    /** The link's target when it stays inside the folder; else a problem naming both, and {@code null}. */
    private static Path linkInside(Path root, Path link, String rel, List<Problem> problems) throws IOException {
        Path target;
        try {
            target = link.toRealPath();
        } catch (IOException e) {
            problems.add(new Problem(rel, 0, "a symbolic link to " + Files.readSymbolicLink(link)
                    + ", which does not exist"));
            return null;
        }
        if (!target.startsWith(root)) {
            problems.add(new Problem(rel, 0, "a symbolic link to " + target
                    + ", outside the rule folder: copy the file into the folder instead"));
            return null;
        }
        return target;
    }

    /** Reads at most {@code max} bytes: a file that grew since it was measured is refused, not read on. */
    private static byte[] bounded(Path path, String rel, long max) {
        // A link swapped in since the walk is not followed (a jar's file system has no links, nor the option).
        boolean local = path.getFileSystem() == FileSystems.getDefault();
        try (InputStream in = local ? Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS) : Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 9) + 1);
            if (bytes.length > max) {
                throw new KnowledgePackageException(rel + ": over the limit of " + max + " bytes per file");
            }
            return bytes;
        } catch (IOException e) {
            throw new KnowledgePackageException(rel + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
