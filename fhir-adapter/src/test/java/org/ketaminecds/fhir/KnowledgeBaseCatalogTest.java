package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.ketaminecds.core.KnowledgePackage;

/** The package against the clinical requirement: the knowledge base's rule catalog. */
class KnowledgeBaseCatalogTest {

    /** Rule sets whose every catalog rule must be in the package; grows as rule sets are completed. */
    private static final Set<String> COMPLETE_RULE_SETS = Set.of("CAND", "CONTRA", "TOL", "MON");

    private static final Pattern CATALOG_ROW = Pattern.compile("^\\| (KET-(?:CAND|CONTRA|TOL|MON)-\\d{3}) \\|",
            Pattern.MULTILINE);
    private static final KnowledgePackage PACKAGE = KnowledgePackage.fromClasspath();
    /** The repository's copy of the requirement, which the README and docs cite. */
    private static final java.nio.file.Path KNOWLEDGE_BASE = SharedData.repositoryRoot().resolve("docs/knowledge-base.md");

    static Set<String> catalogIds() throws IOException {
        Matcher m = CATALOG_ROW.matcher(Files.readString(KNOWLEDGE_BASE));
        Set<String> ids = new TreeSet<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void docsCopy_isTheSharedRequirement_belowItsHeader() throws IOException {
        String copy = Files.readString(KNOWLEDGE_BASE);
        String shared = Files.readString(SharedData.clinical("knowledge-base.md"));

        assertThat(copy).as("docs/knowledge-base.md is out of date: copy the shared requirement below its header")
                .endsWith(shared).startsWith("<!--");
    }

    @Test
    void catalog_holdsThe64Rules() throws IOException {
        assertThat(catalogIds()).hasSize(64);
    }

    @Test
    void packageRules_areAllInTheCatalog() throws IOException {
        assertThat(catalogIds()).as("rule ids of the knowledge base").containsAll(PACKAGE.ruleIds());
    }

    @Test
    void completeRuleSets_haveEveryCatalogRuleInThePackage() throws IOException {
        for (String prefix : COMPLETE_RULE_SETS) {
            Set<String> expected = new TreeSet<>(catalogIds());
            expected.removeIf(id -> !id.startsWith("KET-" + prefix + "-"));
            assertThat(PACKAGE.ruleIds()).as("KET-" + prefix + " rules in the package").containsAll(expected);
        }
    }
}
