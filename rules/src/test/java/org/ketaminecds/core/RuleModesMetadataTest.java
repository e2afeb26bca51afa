package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.rules.PackageFolder;

/** Rule modes come from the compiled rules' {@code @modes} metadata: the prebuilt executable model and a compiled folder. */
class RuleModesMetadataTest {

    @Test
    void ruleModes_prebuiltExecutableModel_readFromEveryRulesMetadata() {
        KnowledgePackage pkg = KnowledgePackage.fromClasspath();

        Map<String, Set<Mode>> modes = pkg.ruleModes();

        assertThat(modes).containsEntry("KET-CAND-006 age under 18", EnumSet.of(Mode.CANDIDACY, Mode.PRE_DOSE))
                .containsEntry("KET-TOL-010 early session request or craving", EnumSet.of(Mode.REVIEW))
                .containsEntry("KET-MON-020 one invalid value", EnumSet.allOf(Mode.class));
        long compiled = pkg.compiledRules().models().stream()
                .mapToLong(m -> m.getRules().size()).sum();
        assertThat(modes).hasSize((int) compiled).allSatisfy((rule, declared) -> assertThat(declared).isNotEmpty());
    }

    @Test
    void ruleModes_folderCompiledFromDrl_sameAsThePrebuiltModel(@TempDir Path dir) {
        KnowledgePackage folder = KnowledgePackage.fromDirectory(PackageFolder.copy(dir));

        assertThat(folder.compiledRules().models()).isNull();
        assertThat(folder.ruleModes()).isEqualTo(KnowledgePackage.fromClasspath().ruleModes());
    }
}
