package org.ketaminecds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.KnowledgeInfo;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.KnowledgePackageException.Problem;
import org.ketaminecds.core.KnowledgePackageException;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.Outcome;
import org.ketaminecds.core.PackageSignature;
import org.ketaminecds.core.RuleFolderPolicy;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.ConditionEntry;
import org.ketaminecds.core.record.PatientRecord;

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

    @Test
    void describe_ruleOfThePrebuiltPackage_itsModesThresholdsConceptsAndLines() {
        KnowledgePackage pkg = KnowledgePackage.fromClasspath();

        org.ketaminecds.core.RuleDescription mon003 = pkg.describe("KET-MON-003");

        assertThat(mon003.modes()).containsExactly(Mode.PRE_DOSE);
        assertThat(mon003.thresholds()).contains("HR_HIGH", "SPO2_WARN", "PRE_DOSE_VITALS_MAX_AGE");
        assertThat(mon003.concepts()).contains("VS-HR");
        assertThat(mon003.locations()).extracting(org.ketaminecds.core.RuleDescription.Location::file)
                .containsOnly("monitoring.drl");
        org.ketaminecds.core.RuleDescription.Location first = mon003.locations().get(0);
        assertThat(pkg.sourceText("monitoring.drl").lines().skip(first.line() - 1).findFirst().orElseThrow())
                .startsWith("rule \"KET-MON-003");
        assertThat(first.endLine()).isGreaterThan(first.line());
        assertThat(mon003.summary()).isNotBlank();
        assertThat(mon003.severities()).containsExactlyInAnyOrder(org.ketaminecds.core.Severity.WARNING,
                org.ketaminecds.core.Severity.CRITICAL);
        assertThat(mon003.types()).isEmpty();
        assertThat(pkg.describe("KET-CONTRA-001").types())
                .containsExactly(org.ketaminecds.core.ContraindicationType.ABSOLUTE);
    }

    @Test
    void conceptsOfAndValueSetListing_systolicBp_asTheRulesFileIt() {
        KnowledgePackage pkg = KnowledgePackage.fromClasspath();

        assertThat(pkg.conceptsOf(List.of(Coding.of(Coding.LOINC, "8480-6")))).contains("VS-BP-SYSTOLIC");
        assertThat(pkg.valueSetListing("VS-BP-SYSTOLIC")).containsExactly("http://loinc.org|8480-6 Systolic blood pressure");
        assertThat(pkg.valueSetListing("LOCAL#madrs-total")).containsExactly(Coding.LOCAL + "|madrs-total");
        assertThat(pkg.valueSetListing("VS-NOTHING")).isEmpty();
    }

    /** Also the proof that the bundled package passes the allow-list of what a rule may use. */
    @Test
    void fromDirectory_signedCopyOfBundledPackage_sameRulesThresholdsAndHashAsPrebuilt_signedByTheKey(
            @TempDir Path dir, @TempDir Path keys) {
        KnowledgePackage prebuilt = KnowledgePackage.fromClasspath();
        SigningKey signer = SigningKey.create(keys, "committee");
        KnowledgeInfo signed = KnowledgePackage.sign(PackageFolder.copy(dir), PackageSignature.readPrivateKey(signer.privatePem()));

        KnowledgePackage folder = KnowledgePackage.fromDirectory(dir,
                RuleFolderPolicy.signedBy(List.of(PackageSignature.readPublicKey(signer.publicPem()))));

        assertThat(prebuilt.info().source()).isEqualTo(KnowledgeInfo.Source.BUILT_IN);
        assertThat(folder.info()).isEqualTo(signed).isEqualTo(new KnowledgeInfo(prebuilt.info().id(),
                prebuilt.info().version(), prebuilt.info().sha256(), KnowledgeInfo.Source.SIGNED_FOLDER, signer.keyId()));
        assertThat(folder.signature()).isEqualTo(new PackageSignature(PackageSignature.Status.TRUSTED, signer.keyId(), null));
        assertThat(folder.ruleIds()).isEqualTo(prebuilt.ruleIds());
        assertThat(folder.rules()).isEqualTo(prebuilt.rules());
        assertThat(folder.thresholds().names()).isEqualTo(prebuilt.thresholds().names());
        assertThat(folder.scenarioFiles().keySet()).isEqualTo(prebuilt.scenarioFiles().keySet());
    }

    @Test
    void fromDirectory_ruleWithSyntaxError_refusedNamingFileAndLine(@TempDir Path dir) {
        Path drl = PackageFolder.copy(dir).resolve("contraindications.drl");
        int line = PackageFolder.lineOf(drl, "$d : Diagnosis( isA(\"VS-AVM\"), !isA(\"VS-HHT\") )");
        PackageFolder.edit(drl, "$d : Diagnosis( isA(\"VS-AVM\"), !isA(\"VS-HHT\") )",
                "$d : Diagnosis( isA(\"VS-AVM\") !isA(\"VS-HHT\") )");

        KnowledgePackageException e = catchThrowableOfType(KnowledgePackageException.class,
                () -> KnowledgePackage.fromDirectory(dir));

        assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.file()).isEqualTo("contraindications.drl"));
        assertThat(e.problems()).extracting(Problem::line).contains(line);
        assertThat(e.getMessage()).startsWith("contraindications.drl:" + line + ": ");
    }

    @Test
    void fromDirectory_inconsistentRules_reportsEveryProblemWithFileAndLine(@TempDir Path dir) throws IOException {
        PackageFolder.copy(dir);
        Path candidacy = dir.resolve("candidacy.drl");
        Path contra = dir.resolve("contraindications.drl");
        int thresholdLine = PackageFolder.lineOf(candidacy, "ageYears < $e.threshold(\"ADULT_AGE\")");
        PackageFolder.edit(candidacy, "ageYears < $e.threshold(\"ADULT_AGE\")", "ageYears < $e.threshold(\"ADULT_AGES\")");
        int conceptLine = PackageFolder.lineOf(contra, "isA(\"VS-AVM\"), !isA(\"VS-HHT\")");
        PackageFolder.edit(contra, "isA(\"VS-AVM\"), !isA(\"VS-HHT\")", "isA(\"VS-AVMX\"), !isA(\"VS-HHT\")");
        int badIdLine = PackageFolder.lineOf(contra, "rule \"KET-CONTRA-002 hereditary");
        PackageFolder.edit(contra, "rule \"KET-CONTRA-002 hereditary", "rule \"CONTRA-002 hereditary");
        int duplicateLine = PackageFolder.lineOf(contra, "rule \"KET-CONTRA-003 non-traumatic");
        PackageFolder.edit(contra, "rule \"KET-CONTRA-003 non-traumatic intracranial haemorrhage\"",
                "rule \"KET-CONTRA-001 aneurysmal vascular disease\"");
        Files.writeString(contra, Files.readString(contra) + """

                rule "KET-CONTRA-099 a rule nobody worded"
                    @modes(CANDIDACY)
                when
                    $d : Diagnosis( isA("VS-AVM") )
                then
                end
                """);
        int unwordedLine = PackageFolder.lineOf(contra, "KET-CONTRA-099 a rule nobody worded");

        KnowledgePackageException e = catchThrowableOfType(KnowledgePackageException.class,
                () -> KnowledgePackage.fromDirectory(dir));

        assertThat(e.problems()).extracting(Problem::toString).contains(
                "candidacy.drl:" + thresholdLine + ": unknown threshold 'ADULT_AGES' (not in thresholds.yaml)",
                "contraindications.drl:" + conceptLine + ": unknown value set 'VS-AVMX' (no valuesets/*.json has that id)",
                "contraindications.drl:" + unwordedLine + ": rule KET-CONTRA-099 has no wording: add it to one of "
                        + "wording/*.yaml (title, ruleSet, summary, detail)");
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(badIdLine);
            assertThat(p.message()).startsWith("rule \"CONTRA-002 hereditary haemorrhagic telangiectasia\": a rule name "
                    + "must start with its catalog id");
        });
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(duplicateLine);
            assertThat(p.file()).isEqualTo("contraindications.drl");
            assertThat(p.message()).isEqualTo("Duplicate rule name: KET-CONTRA-001 aneurysmal vascular disease");
        });
    }

    @Test
    void fromDirectory_modesMissingOrUnknownAndAnotherRulesId_reportedAtTheirLines(@TempDir Path dir) {
        PackageFolder.copy(dir);
        Path candidacy = dir.resolve("candidacy.drl");
        Path contra = dir.resolve("contraindications.drl");
        PackageFolder.edit(candidacy, "rule \"KET-CAND-006 age under 18\"\n    @modes(CANDIDACY, PRE_DOSE)\n",
                "rule \"KET-CAND-006 age under 18\"\n");
        int undeclaredLine = PackageFolder.lineOf(candidacy, "rule \"KET-CAND-006 age under 18\"");
        PackageFolder.edit(candidacy, "rule \"KET-CAND-006 birth date unknown\"\n    @modes(CANDIDACY, PRE_DOSE)\n",
                "rule \"KET-CAND-006 birth date unknown\"\n    @modes(CANDIDACY, PREDOSE)\n");
        int unknownLine = PackageFolder.lineOf(candidacy, "rule \"KET-CAND-006 birth date unknown\"");
        int reportLine = PackageFolder.lineOf(contra, "Hit.fired(\"KET-CONTRA-001\"");
        PackageFolder.edit(contra, "Hit.fired(\"KET-CONTRA-001\"", "Hit.fired(\"KET-CONTRA-002\"");

        KnowledgePackageException e = catchThrowableOfType(KnowledgePackageException.class,
                () -> KnowledgePackage.fromDirectory(dir));

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "candidacy.drl:" + undeclaredLine + ": rule \"KET-CAND-006 age under 18\" declares no modes: add "
                        + "@modes(...) after its rule line, naming the modes it fires in (CANDIDACY, PRE_DOSE, POST_DOSE, "
                        + "REVIEW)",
                "candidacy.drl:" + unknownLine + ": rule \"KET-CAND-006 birth date unknown\" has @modes(CANDIDACY, "
                        + "PREDOSE): 'PREDOSE' is not a mode (modes are CANDIDACY, PRE_DOSE, POST_DOSE, REVIEW)",
                "contraindications.drl:" + reportLine + ": rule \"KET-CONTRA-001 aneurysmal vascular disease\" reports "
                        + "KET-CONTRA-002: a rule reports its own id, KET-CONTRA-001");
    }

    @Test
    void fromDirectory_readingPatterns_mustOpenWithTheirConceptAndNameKnownValueSets(@TempDir Path dir) throws IOException {
        PackageFolder.copy(dir);
        Path monitoring = dir.resolve("monitoring.drl");
        String hr = "not Reading( concept == \"VS-HR\", value != null";
        int isALine = PackageFolder.lineOf(monitoring, hr);
        PackageFolder.edit(monitoring, hr, "not Reading( isA(\"VS-HR\"), value != null");
        String rr = "not Reading( concept == \"VS-RR\", value != null";
        int conceptLine = PackageFolder.lineOf(monitoring, rr);
        PackageFolder.edit(monitoring, rr, "not Reading( concept == \"VS-RRX\", value != null");
        Files.writeString(monitoring, Files.readString(monitoring)
                + "\n// was Reading( isA(\"VS-RR\") ) before concept filing\n/* and Reading(\n isA(\"VS-HR\") ) */\n");
        String labs = "Reading( isAnyOf(\"VS-LFT\", \"VS-UA-BLOOD\") )";
        int anyOfLine = PackageFolder.lineOf(monitoring, labs);
        PackageFolder.edit(monitoring, labs, "Reading( isAnyOf(\"VS-LFT\", \"VS-UA-BLOODX\") )");

        KnowledgePackageException e = catchThrowableOfType(KnowledgePackageException.class,
                () -> KnowledgePackage.fromDirectory(dir));

        assertThat(e.problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                "monitoring.drl:" + isALine + ": a Reading pattern must open with concept == \"VS-...\" or "
                        + "isAnyOf(\"VS-...\", ...): an observation in two value sets is one Reading per concept, so any "
                        + "other opening matches it more than once",
                "monitoring.drl:" + conceptLine + ": unknown value set 'VS-RRX' (no valuesets/*.json has that id)",
                "monitoring.drl:" + anyOfLine + ": unknown value set 'VS-UA-BLOODX' (no valuesets/*.json has that id)");
    }

    @Test
    void fromDirectory_malformedValueSetsAndThreshold_reportsEachFile(@TempDir Path dir) throws IOException {
        PackageFolder.copy(dir);
        Files.writeString(dir.resolve("valuesets/VS-AVM.json"), "{\n  \"resourceType\": \"ValueSet\",\n  \"id\": \"VS-AVM\"\n  \"compose\": {}\n}\n");
        PackageFolder.edit(dir.resolve("valuesets/VS-HHT.json"), "\"resourceType\": \"ValueSet\"", "\"resourceType\": \"CodeSystem\"");
        int thresholdLine = PackageFolder.lineOf(dir.resolve("thresholds.yaml"), "ADULT_AGE:");
        PackageFolder.edit(dir.resolve("thresholds.yaml"), "ADULT_AGE:                { value: 18,", "ADULT_AGE: { value: eighteen,");

        KnowledgePackageException e = catchThrowableOfType(KnowledgePackageException.class,
                () -> KnowledgePackage.fromDirectory(dir));

        assertThat(e.problems()).extracting(Problem::toString).contains(
                "thresholds.yaml:" + thresholdLine + ": ADULT_AGE needs a numeric 'value'",
                "valuesets/VS-HHT.json: not a FHIR ValueSet (resourceType is 'CodeSystem')");
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("valuesets/VS-AVM.json");
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).startsWith("not valid JSON: ");
        });
    }

    @Test
    void fromDirectory_ruleThatRunsCode_refusedBeforeCompilingWithFileAndLine(@TempDir Path dir) throws IOException {
        Path drl = PackageFolder.copy(dir).resolve("candidacy.drl");
        Files.writeString(drl, Files.readString(drl) + """

                declare Injected
                    started : String = String.valueOf(Runtime.getRuntime().availableProcessors())
                end

                rule "KET-CAND-001 injected"
                when
                    Evaluation( )
                then
                    int notAnInt = "a type error the compiler would report, had it run";
                    System.exit(0);
                end
                """);

        KnowledgePackageException e = catchThrowableOfType(KnowledgePackageException.class,
                () -> KnowledgePackage.fromDirectory(dir));

        assertThat(e.problems()).extracting(Problem::toString).contains(
                "candidacy.drl:" + PackageFolder.lineOf(drl, "declare Injected")
                        + ": 'declare' is not allowed: rules use the vocabulary's types and declare none of their own",
                "candidacy.drl:" + PackageFolder.lineOf(drl, "Runtime.getRuntime()") + ": " + notAllowedType("Runtime"),
                "candidacy.drl:" + PackageFolder.lineOf(drl, "System.exit(0)") + ": " + notAllowedType("System"));
        assertThat(e.getMessage()).as("refused before compiling: no compile error").doesNotContain("Type mismatch");
    }

    @Test
    void fromDirectory_symbolicLinkOutOfTheFolder_refusedNamingLinkAndTarget(@TempDir Path dir, @TempDir Path elsewhere)
            throws IOException {
        PackageFolder.copy(dir);
        Path outside = Files.writeString(elsewhere.resolve("secret.json"), Files.readString(dir.resolve("valuesets/VS-AVM.json"))
                .replace("\"VS-AVM\"", "\"VS-ELSEWHERE\""));
        Files.createSymbolicLink(dir.resolve("valuesets/VS-ELSEWHERE.json"), outside);

        KnowledgePackageException e = catchThrowableOfType(KnowledgePackageException.class,
                () -> KnowledgePackage.fromDirectory(dir));

        assertThat(e.problems()).extracting(Problem::toString).containsExactly("valuesets/VS-ELSEWHERE.json: a symbolic "
                + "link to " + outside.toRealPath() + ", outside the rule folder: copy the file into the folder instead");
    }

    @Test
    void fromDirectory_fileOverTheSizeLimit_refusedWithoutReadingIt(@TempDir Path dir) throws IOException {
        PackageFolder.copy(dir);
        long limit = 16L * 1024 * 1024;
        try (java.io.RandomAccessFile huge = new java.io.RandomAccessFile(dir.resolve("valuesets/VS-HUGE.json").toFile(), "rw")) {
            huge.setLength(limit + 1); // sparse: no disk used, and reading it would take seconds
        }

        KnowledgePackageException e = catchThrowableOfType(KnowledgePackageException.class,
                () -> KnowledgePackage.fromDirectory(dir));

        assertThat(e.problems()).extracting(Problem::toString).containsExactly("valuesets/VS-HUGE.json: "
                + (limit + 1) + " bytes, over the limit of " + limit + " bytes per file");
    }

    @Test
    void fromDirectory_function_refusedAtItsLineBeforeCompiling(@TempDir Path dir) {
        Path drl = PackageFolder.copy(dir).resolve("tolerance.drl");
        String anchor = "import org.ketaminecds.core.vocabulary.Session;\n";
        int line = PackageFolder.lineOf(drl, anchor.strip()) + 1;
        PackageFolder.edit(drl, anchor, anchor + "function long elapsed(List pair) { int notAnInt = \"text\"; return 0; }\n");

        KnowledgePackageException e = catchThrowableOfType(KnowledgePackageException.class,
                () -> KnowledgePackage.fromDirectory(dir));

        assertThat(e.problems()).extracting(Problem::toString).containsExactly("tolerance.drl:" + line
                + ": 'function' is not allowed: a rule calls the vocabulary's and core.derived's methods; logic that "
                + "needs Java goes into core (docs/extending.md)");
    }

    static String notAllowedType(String name) {
        return "'" + name + "' is not allowed: a rule may name only the vocabulary's types and the listed JDK types "
                + "(docs/authoring.md, \"What a rule may use\")";
    }

    @Test
    void fromDirectory_folderWithoutManifest_saysItIsNoPackage(@TempDir Path dir) {
        KnowledgePackageException e = catchThrowableOfType(KnowledgePackageException.class,
                () -> KnowledgePackage.fromDirectory(dir));

        assertThat(e.problems()).hasSize(1);
        assertThat(e.getMessage()).isEqualTo(dir + ": not a knowledge package (no manifest.yaml in it)");
        assertThat(List.of(e.getMessage().split("\n"))).hasSize(1);
    }

    @Test
    void writeTo_bundledPackage_readsBackWithTheSameHash_andNeverOverwrites(@TempDir Path dir) {
        KnowledgePackage bundled = KnowledgePackage.fromClasspath();

        bundled.writeTo(dir);

        KnowledgeInfo copy = KnowledgePackage.fromDirectory(dir).info();
        assertThat(copy.sha256()).isEqualTo(bundled.info().sha256());
        assertThat(copy.source()).isEqualTo(KnowledgeInfo.Source.UNSIGNED_FOLDER);
        KnowledgePackageException again = catchThrowableOfType(KnowledgePackageException.class, () -> bundled.writeTo(dir));
        assertThat(again.getMessage()).contains(dir.toString()).contains("cannot be written");
    }

    // --- terminology an informaticist gets ----------------------------------------------------------------------------

    /** VS-HYPERTHYROID as a terminology server expands it: no compose, only expansion.contains. */
    private static final String HYPERTHYROID_EXPANSION = """
            {
              "resourceType": "ValueSet",
              "id": "VS-HYPERTHYROID",
              "url": "http://example.org/fhir/ValueSet/VS-HYPERTHYROID",
              "status": "active",
              "expansion": {
                "identifier": "urn:uuid:4a1c6f0e-0000-4000-8000-000000000001",
                "timestamp": "2026-02-01T00:00:00Z",
                "total": 2,
                "contains": [
                  { "system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "E05.00", "display": "Thyrotoxicosis with diffuse goiter without thyrotoxic crisis or storm" },
                  { "system": "http://snomed.info/sct", "code": "34486009", "display": "Hyperthyroidism" }
                ]
              }
            }
            """;

    /**
     * Two value sets pasted from a terminology server into one folder (compiling a folder takes seconds): VS-HYPERTHYROID
     * as an expansion only, VS-HHT with an expansion beside its compose.
     */
    @Test
    void fromDirectory_pastedExpansions_loadAndRulesMatchTheirCodes_composeBesideOneWarned(@TempDir Path dir) throws IOException {
        PackageFolder.copy(dir);
        Files.writeString(dir.resolve("valuesets/VS-HYPERTHYROID.json"), HYPERTHYROID_EXPANSION);
        Path hht = dir.resolve("valuesets/VS-HHT.json");
        String withCompose = Files.readString(hht);
        Files.writeString(hht, withCompose.substring(0, withCompose.lastIndexOf('}')).stripTrailing() + """
                ,
                  "expansion": {
                    "contains": [ { "system": "http://snomed.info/sct", "code": "21877004", "display": "HHT" } ]
                  }
                }
                """);
        int line = PackageFolder.lineOf(hht, "\"expansion\"");

        KnowledgePackage pkg = KnowledgePackage.fromDirectory(dir);
        CdsEngine engine = CdsEngine.builder().knowledgePackage(pkg).build();

        assertThat(findings(engine, Coding.SNOMED, "34486009")).contains("KET-CONTRA-017");
        // An expansion is the whole value set: E05.90, under the old E05.* filter, is not in this one.
        assertThat(findings(engine, Coding.ICD10CM, "E05.90")).doesNotContain("KET-CONTRA-017");
        assertThat(pkg.warnings()).extracting(Problem::toString).containsExactly("valuesets/VS-HHT.json:" + line
                + ": ValueSet VS-HHT has both compose and expansion: the expansion is used and compose is ignored (delete one)");
        assertThat(findings(engine, Coding.SNOMED, "21877004")).contains("KET-CONTRA-002");
        assertThat(findings(engine, Coding.ICD10CM, "I78.0")).doesNotContain("KET-CONTRA-002");
    }

    private static List<String> findings(CdsEngine engine, String system, String code) {
        return engine.evaluate(withCondition(system, code), EvaluationContext.of(Mode.CANDIDACY, AS_OF)).findings().stream()
                .filter(f -> f.outcome() == Outcome.FIRED).map(Finding::ruleId).toList();
    }

    @Test
    void fromDirectory_isAFilterOnSnomed_refusedWithFileLineAndTheFix(@TempDir Path dir) throws IOException {
        PackageFolder.copy(dir);
        Path aneurysm = dir.resolve("valuesets/VS-ANEURYSM.json");
        PackageFolder.edit(aneurysm, "\"include\": [", """
                "include": [
                      {
                        "system": "http://snomed.info/sct",
                        "filter": [ { "property": "concept",
                                      "op": "is-a", "value": "67362008" } ]
                      },""");
        int line = PackageFolder.lineOf(aneurysm, "\"op\": \"is-a\", \"value\": \"67362008\"");

        KnowledgePackageException e = catchThrowableOfType(KnowledgePackageException.class,
                () -> KnowledgePackage.fromDirectory(dir));

        // Before, the filter loaded as a prefix match: SNOMED 6736200899 (made up) fired KET-CONTRA-001, DO_NOT_PROCEED.
        assertThat(e).as("the folder must be refused").isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("valuesets/VS-ANEURYSM.json");
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains("'is-a' on http://snomed.info/sct")
                    .contains("list the codes or paste an expansion");
        });
    }

    @Test
    void fromClasspath_builtInValueSets_noHierarchicalFilterOutsideIcd10CmAndNdc_andNoWarnings() {
        // The bundled package loads only when every filter is allowed; and nothing in it needs a warning.
        assertThat(KnowledgePackage.fromClasspath().warnings()).isEmpty();
    }

    private static final Instant AS_OF = Instant.parse("2026-03-01T09:00:00Z");

    private static PatientRecord withCondition(String system, String code) {
        return PatientRecord.builder("Patient/p1").birthDate(LocalDate.of(1980, 3, 1))
                .condition(ConditionEntry.active("Condition/c1", null, Coding.of(system, code))).build();
    }
}
