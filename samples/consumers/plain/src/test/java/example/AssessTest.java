package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.KnowledgePackageException;

class AssessTest {

    /** The repository's example: a patient with an aortic aneurysm. */
    private static final Path ANEURYSM = Path.of("../../cli/examples/aneurysm.json");

    @Test
    void assessesTheExampleBundleWithThePrebuiltPackage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Assess.assess(ANEURYSM, Instant.parse("2026-03-01T08:50:00Z"), new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.startsWith("disposition: DO_NOT_PROCEED"), report);
    }

    /** The embedder's classpath has no run-time DRL compiler: the read + evaluate path above ran without it. */
    @Test
    void theClasspathHasNoDrlCompiler() {
        for (String compilerClass : List.of("org.drools.mvel.MVELConstraint", "org.drools.model.codegen.ExecutableModelProject",
                "com.github.javaparser.JavaParser", "org.eclipse.jdt.internal.compiler.Compiler")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(compilerClass), compilerClass);
        }
    }

    @Test
    void aRuleFolderWithoutTheCompilerNamesTheArtifactToAdd(@TempDir Path folder) {
        KnowledgePackage.fromClasspath().writeTo(folder);
        KnowledgePackageException e = assertThrows(KnowledgePackageException.class, () -> KnowledgePackage.fromDirectory(folder));
        assertTrue(e.getMessage().contains("org.drools:drools-mvel"), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf("\tat "), "one line, no stack trace");
    }
}
