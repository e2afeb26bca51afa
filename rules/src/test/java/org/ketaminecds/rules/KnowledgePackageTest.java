package org.ketaminecds.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.ketaminecds.core.KnowledgePackage;
import org.junit.jupiter.api.Test;

class KnowledgePackageTest {

    @Test
    void fromClasspath_prebuiltPackage_loadsWithIdVersionAndHash() {
        KnowledgePackage pkg = KnowledgePackage.fromClasspath();

        assertThat(pkg.info().id()).isEqualTo("ketamine-cds-rules");
        assertThat(pkg.info().version()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(pkg.info().sha256()).hasSize(64).isEqualTo(KnowledgePackage.fromClasspath().info().sha256());
        assertThat(pkg.ruleIds()).contains("KET-CAND-001", "KET-CONTRA-005", "KET-MON-020");
        assertThat(pkg.thresholds().value("BP_TIER_A_SYSTOLIC")).isEqualTo(140.0);
        assertThat(pkg.scenarioFiles()).isNotEmpty();
    }
}
