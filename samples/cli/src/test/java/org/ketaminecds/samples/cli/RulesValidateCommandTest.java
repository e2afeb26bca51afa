package org.ketaminecds.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.core.PackageSignature;
import org.ketaminecds.rules.PackageFolder;
import org.ketaminecds.rules.SigningKey;

/** {@code ketamine-cds rules validate DIR} on copies of the bundled package. */
class RulesValidateCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return KetamineCds.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void validate_signedCopyOfBundledPackage_exit0ValidAndSignedByTheTrustedKey(@TempDir Path dir, @TempDir Path keys) {
        PackageFolder.copy(dir);
        SigningKey committee = SigningKey.create(keys, "committee");
        KnowledgePackage.sign(dir, PackageSignature.readPrivateKey(committee.privatePem()));

        int exit = run("rules", "validate", dir.toString(), "--trusted-key", committee.publicPem().toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith(dir + ": valid. ketamine-cds-rules 0.1.0 (sha256 ").contains(" scenarios\n")
                .endsWith("signature: signed by " + committee.keyId() + ", a trusted key\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void validate_ruleThatRunsCode_exit1FileLineAndNothingCompiled(@TempDir Path dir) {
        PackageFolder.copy(dir);
        Path drl = dir.resolve("tolerance.drl");
        String insert = "insert(PlannedOrders.of($orders, $e.doseMg()));";
        int line = PackageFolder.lineOf(drl, insert);
        PackageFolder.edit(drl, insert, insert + " new ProcessBuilder(\"sh\").start();");

        int exit = run("rules", "validate", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).isEqualTo(drl + ":" + line + ": 'ProcessBuilder' is not allowed: a rule may name "
                + "only the vocabulary's types and the listed JDK types (docs/authoring.md, \"What a rule may use\")\n"
                + "1 problem in " + dir + "\n");
    }

    @Test
    void validate_brokenFolder_exit1EveryProblemAsFileLine(@TempDir Path dir) {
        PackageFolder.copy(dir);
        Path drl = dir.resolve("monitoring.drl");
        String usesThreshold = "\"PRE_DOSE_VITALS_MAX_AGE\"";
        int line = PackageFolder.lineOf(drl, usesThreshold);
        PackageFolder.edit(drl, usesThreshold, "\"PRE_DOSE_VITAL_MAX_AGE\"");
        PackageFolder.edit(dir.resolve("valuesets/VS-AVM.json"), "\"resourceType\": \"ValueSet\"", "\"resourceType\": \"Bundle\"");

        int exit = run("rules", "validate", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString())
                .contains(dir.resolve("monitoring.drl") + ":" + line
                        + ": unknown threshold 'PRE_DOSE_VITAL_MAX_AGE' (not in thresholds.yaml)")
                .contains(dir.resolve("valuesets/VS-AVM.json") + ": not a FHIR ValueSet (resourceType is 'Bundle')")
                .contains(" in " + dir)
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void validate_malformedScenario_exit1NamesFileAndField(@TempDir Path dir) {
        PackageFolder.copy(dir);
        PackageFolder.edit(dir.resolve("scenarios/contraindications/KET-CONTRA-001-abdominal-aortic-aneurysm-fires.yaml"),
                "mode: candidacy", "mode: screening");

        int exit = run("rules", "validate", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains(dir + "/scenarios/contraindications/"
                + "KET-CONTRA-001-abdominal-aortic-aneurysm-fires.yaml: mode 'screening' is not valid");
    }

    @Test
    void rules_withoutSubcommand_usageErrorExit2() {
        assertThat(run("rules")).isEqualTo(2);
        assertThat(err.toString()).contains("rules validate DIR, rules test DIR, or rules sign DIR --key KEY");
    }

    @Test
    void validate_isAFilterOnSnomed_exit1WithFileLineAndTheFix(@TempDir Path dir) {
        PackageFolder.copy(dir);
        Path aneurysm = dir.resolve("valuesets/VS-ANEURYSM.json");
        PackageFolder.edit(aneurysm, "\"include\": [", "\"include\": [\n      { \"system\": \"http://snomed.info/sct\",\n"
                + "        \"filter\": [ { \"property\": \"concept\", \"op\": \"is-a\", \"value\": \"67362008\" } ] },");
        int line = PackageFolder.lineOf(aneurysm, "\"op\": \"is-a\", \"value\": \"67362008\"");

        int exit = run("rules", "validate", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains(aneurysm + ":" + line + ": filter op 'is-a' on http://snomed.info/sct needs the "
                + "code system's hierarchy, which the package does not have (it reads is-a as a code prefix, true only of "
                + "ICD-10-CM and NDC): list the codes or paste an expansion (expansion.contains) from your terminology server")
                .contains("1 problem in " + dir);
    }

    @Test
    void validate_expansionBesideACompose_exit0WithAWarningNamingTheFile(@TempDir Path dir) throws Exception {
        PackageFolder.copy(dir);
        Path hht = dir.resolve("valuesets/VS-HHT.json");
        PackageFolder.edit(hht, "\"compose\": {", "\"expansion\": { \"contains\": [ { \"system\": "
                + "\"http://hl7.org/fhir/sid/icd-10-cm\", \"code\": \"I78.0\" } ] },\n  \"compose\": {");
        int line = PackageFolder.lineOf(hht, "\"expansion\"");

        int exit = run("rules", "validate", dir.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains(hht + ":" + line + ": warning: ValueSet VS-HHT has both compose and expansion: "
                + "the expansion is used and compose is ignored (delete one)")
                .contains(dir + ": valid (1 warning). ketamine-cds-rules");
    }
    @Test
    void validate_wordingThatSpellsAThresholdTheRuleUses_exit0WithAWarningNamingThePlaceholder(@TempDir Path dir) {
        PackageFolder.copy(dir);
        Path wording = dir.resolve("wording/contraindications.yaml");
        PackageFolder.edit(wording, "taken in the last {MAOI_WASHOUT}", "taken in the last 14 days");
        int line = PackageFolder.lineOf(wording, "taken in the last 14 days");

        int exit = run("rules", "validate", dir.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains(wording + ":" + line + ": warning: KET-CONTRA-020 summary says '14 days': "
                + "write {MAOI_WASHOUT}\n")
                .contains(dir + ": valid (1 warning). ketamine-cds-rules");
    }

    @Test
    void validate_wordingPlaceholderThatDoesNotResolve_exit1FileLineRuleAndName(@TempDir Path dir) {
        PackageFolder.copy(dir);
        Path wording = dir.resolve("wording/contraindications.yaml");
        PackageFolder.edit(wording, "taken in the last {MAOI_WASHOUT}", "taken in the last {MAOI_WASHOUT_DAYS}");
        PackageFolder.edit(wording, "\"{medication} looks like an MAOI", "\"{drug} looks like an MAOI");
        int summary = PackageFolder.lineOf(wording, "{MAOI_WASHOUT_DAYS}");
        int cannotAssess = PackageFolder.lineOf(wording, "{drug} looks like an MAOI");

        int exit = run("rules", "validate", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).isEqualTo(wording + ":" + summary + ": KET-CONTRA-020 summary: {MAOI_WASHOUT_DAYS} "
                + "is not a threshold of the package (thresholds.yaml)\n"
                + wording + ":" + cannotAssess + ": KET-CONTRA-020 summary (cannot-assess): {drug} is not a value rule "
                + "KET-CONTRA-020 provides (its rules give {medication} with .with(\"name\", ...); every rule has "
                + "{reason} and {input})\n"
                + "2 problems in " + dir + "\n");
    }

    @Test
    void validate_ruleFilter_listsThatRulesProblemsFirstCountedAndStillFailsOnTheRest(@TempDir Path dir) {
        PackageFolder.copy(dir);
        Path candidacy = dir.resolve("candidacy.drl");
        String adult = "ageYears < $e.threshold(\"ADULT_AGE\")";
        int adultLine = PackageFolder.lineOf(candidacy, adult);
        PackageFolder.edit(candidacy, adult, "ageYears < $e.threshold(\"ADULT_YEARS\")");
        Path contra = dir.resolve("contraindications.drl");
        String severe = "above($e.threshold(\"BP_TIER_C_SYSTOLIC\"), $e.threshold(\"BP_TIER_C_DIASTOLIC\")) )\nthen";
        PackageFolder.edit(contra, severe, severe.replace("BP_TIER_C_SYSTOLIC", "BP_TIER_X_SYSTOLIC"));
        int severeLine = PackageFolder.lineOf(contra, "BP_TIER_X_SYSTOLIC");
        String adultProblem = candidacy + ":" + adultLine
                + ": unknown threshold 'ADULT_YEARS' (not in thresholds.yaml)\n";
        String severeProblem = contra + ":" + severeLine
                + ": unknown threshold 'BP_TIER_X_SYSTOLIC' (not in thresholds.yaml)\n";

        int unfiltered = run("rules", "validate", dir.toString());
        String before = out.toString();
        out.getBuffer().setLength(0);
        int exit = run("rules", "validate", dir.toString(), "--rule", "KET-CONTRA-007");

        assertThat(unfiltered).isEqualTo(1);
        assertThat(before).startsWith(adultProblem).endsWith("2 problems in " + dir + "\n");
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).isEqualTo(severeProblem + adultProblem
                + "2 problems in " + dir + "; 1 problem about KET-CONTRA-007, listed first\n");
    }

    @Test
    void validate_ruleFilterOnAValidFolder_itsWarningFirstAndCounted(@TempDir Path dir) {
        PackageFolder.copy(dir);
        Path wording = dir.resolve("wording/contraindications.yaml");
        PackageFolder.edit(wording, "taken in the last {MAOI_WASHOUT}", "taken in the last 14 days");

        int exit = run("rules", "validate", dir.toString(), "--rule", "KET-CONTRA-020");

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith(wording + ":" + PackageFolder.lineOf(wording, "taken in the last 14 days")
                        + ": warning: KET-CONTRA-020 summary says '14 days'")
                .contains(dir + ": valid (1 warning; 1 warning about KET-CONTRA-020, listed first). "
                        + "ketamine-cds-rules");
    }

    @Test
    void validate_ruleThePackageDoesNotHave_usageErrorExit2ListingItsRulesWithThatPrefix(@TempDir Path dir) {
        PackageFolder.copy(dir);

        int exit = run("rules", "validate", dir.toString(), "--rule", "KET-TOL-099");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).containsPattern("--rule KET-TOL-099: the package has no such rule; its KET-TOL- "
                + "rules are KET-TOL-001, .*\\n").doesNotContain("KET-CONTRA-001");
        assertThat(out.toString()).doesNotContain(": valid");
    }
}
