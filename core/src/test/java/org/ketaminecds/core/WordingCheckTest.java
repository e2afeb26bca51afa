package org.ketaminecds.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WordingCheckTest {

    private static final Thresholds THRESHOLDS = new Thresholds(Map.of(
            "SCREENING_BP_MAX_AGE", new Thresholds.Threshold(30, "d", "S1"),
            "OBS_MIN_ESK", new Thresholds.Threshold(120, "min", "S1"),
            "RECENT_CV_EVENT_DAYS", new Thresholds.Threshold(42, "d", "S1"),
            "BP_TIER_A_SYSTOLIC", new Thresholds.Threshold(140, "mm[Hg]", "S1")));

    private static final String DRL = """
            rule "KET-CONTRA-007 screening BP"
            when
                $e : Evaluation( mode == Mode.CANDIDACY )
                $bps : List() from collect( BloodPressure( within($e.asOf(), $e.duration("SCREENING_BP_MAX_AGE")) ) )
            then
                // .with("commented", 1) gives nothing: comments are not code
                insert(Hit.fired("KET-CONTRA-007", Severity.WARNING).with("bp", "150/95")
                        .using($e, "BP_TIER_A_SYSTOLIC"));
            end

            rule "KET-MON-012 observation"
            when
                $e : Evaluation( mode == Mode.POST_DOSE )
            then
                insert(Hit.fired("KET-MON-012", Severity.WARNING).with("observed", "90 min"));
            end
            """;

    private static WordingCheck.Result check(String wording) throws Exception {
        var yaml = new ObjectMapper(new YAMLFactory()).readTree(wording);
        RuleCatalog catalog = RuleCatalog.of(Map.of("wording/w.yaml", yaml));
        return WordingCheck.check(List.of(DrlSource.of("rules.drl", DRL)), Map.of("wording/w.yaml", wording.getBytes(UTF_8)),
                catalog, THRESHOLDS);
    }

    @Test
    void check_placeholdersThatResolve_noProblemNoWarning() throws Exception {
        WordingCheck.Result result = check("""
                KET-CONTRA-007:
                  title: Hypertension
                  ruleSet: CONTRAINDICATIONS
                  summary: "Screening BP {bp} within {SCREENING_BP_MAX_AGE}: {reason} ({input})."
                  detail: "Above {BP_TIER_A_SYSTOLIC}."
                  reasons:
                    no-bp: "no BP within {SCREENING_BP_MAX_AGE}"
                  checks:
                    bp: "BP, at most {SCREENING_BP_MAX_AGE} old"
                """);

        assertThat(result.problems()).isEmpty();
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void check_unknownThresholdOrRuleValue_problemWithFileLineRuleAndText() throws Exception {
        WordingCheck.Result result = check("""
                KET-CONTRA-007:
                  title: Hypertension
                  ruleSet: CONTRAINDICATIONS
                  summary:
                    default: "Screening BP {bp}."
                    severe: "Screening BP {bp} above {BP_TIER_Z_SYSTOLIC}."
                  detail: >-
                    BP above target, as
                    {commented} says.
                  reasons:
                    no-bp: "no BP {observed}"
                  checks:
                    bp: "BP as {bp}"
                """);

        assertThat(result.problems()).extracting(Object::toString).containsExactly(
                "wording/w.yaml:6: KET-CONTRA-007 summary (severe): {BP_TIER_Z_SYSTOLIC} is not a threshold of the "
                        + "package (thresholds.yaml)",
                "wording/w.yaml:9: KET-CONTRA-007 detail: {commented} is not a value rule KET-CONTRA-007 provides "
                        + "(its rules give {bp} with .with(\"name\", ...); every rule has {reason} and {input})",
                "wording/w.yaml:11: KET-CONTRA-007 reasons (no-bp): {observed} is not a value rule KET-CONTRA-007 "
                        + "provides (its rules give {bp} with .with(\"name\", ...); every rule has {reason} and {input})",
                "wording/w.yaml:13: KET-CONTRA-007 checks (bp): {bp} cannot be filled: a plan item's text may name "
                        + "thresholds ({NAME}) only");
    }

    @Test
    void check_literalOfAThresholdTheRuleUses_warnsWithTheNameToWrite() throws Exception {
        WordingCheck.Result result = check("""
                KET-CONTRA-007:
                  title: Hypertension
                  ruleSet: CONTRAINDICATIONS
                  summary: "No BP in 130 days or 30.5 d; 42 days is another rule's."
                  detail: >-
                    Record a BP: the screening window is
                    30 days.
                KET-MON-012:
                  title: Observation
                  ruleSet: MONITORING
                  summary: "Observed {observed}: esketamine needs 2 h, 120 min."
                  detail: "For ketamine, 30 days mean nothing here."
                """);

        assertThat(result.problems()).isEmpty();
        // KET-MON-012 does not read OBS_MIN_ESK in this DRL: its "2 h" is not known to be a threshold's.
        assertThat(result.warnings()).extracting(Object::toString).containsExactly(
                "wording/w.yaml:7: KET-CONTRA-007 detail says '30 days': write {SCREENING_BP_MAX_AGE}");
    }

    @Test
    void writtenAs_aDurationInItsOwnAndEveryWholeUnit_andNothingForOtherUnits() {
        var obs = WordingCheck.writtenAs(THRESHOLDS, "OBS_MIN_ESK");
        var cv = WordingCheck.writtenAs(THRESHOLDS, "RECENT_CV_EVENT_DAYS");

        assertThat(obs.matcher("at least 2 h").find()).isTrue();
        assertThat(obs.matcher("a 120-minute wait").find()).isTrue();
        assertThat(obs.matcher("at least 12 h, 1120 min or 2 hallways").find()).isFalse();
        assertThat(cv.matcher("within 6 weeks").find()).isTrue();
        assertThat(cv.matcher("≤42 d").find()).isTrue();
        assertThat(cv.matcher("1.42 days").find()).isFalse();
        assertThat(WordingCheck.writtenAs(THRESHOLDS, "BP_TIER_A_SYSTOLIC")).isNull();
    }
}
