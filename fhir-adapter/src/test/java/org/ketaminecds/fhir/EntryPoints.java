package org.ketaminecds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.bulk.PopulationScreen;
import org.ketaminecds.fhir.bulk.ScreenFinding;
import org.ketaminecds.fhir.bulk.ScreenResult;
import org.ketaminecds.fhir.cdshooks.CdsHooksException;
import org.ketaminecds.fhir.cdshooks.CdsHooksRequests;
import org.ketaminecds.fhir.cdshooks.CdsHooksService;
import org.ketaminecds.fhir.cdshooks.PrefetchFetcher;

/**
 * One record asked about the three ways a host can ask: {@code evaluate} (the Bundle read by {@link FhirRecordReader}
 * and evaluated by the engine, as the CLI does), a CDS Hooks call ({@link CdsHooksService}: encounter-start for
 * pre-dose, patient-view for candidacy and review) and a population screen ({@link PopulationScreen}, which
 * {@code BulkScreen} runs per patient on the NDJSON lines). Tests compare the three answers.
 */
final class EntryPoints {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FhirRecordReader READER = FhirRecordReader.create();

    /** What each entry point answered. */
    record Answers(Assessment evaluated, Assessment hooked, ScreenResult screened) {

        /** Same disposition and the same findings (rule, outcome, severity, type) everywhere; the same text too
         *  from the two that give it. */
        void assertSame() {
            assertThat(hooked.mode()).as("the hook ran the same mode").isEqualTo(evaluated.mode());
            assertThat(hooked.disposition()).isEqualTo(evaluated.disposition());
            assertThat(screened.disposition()).isEqualTo(evaluated.disposition());
            assertThat(hooked.findings()).isEqualTo(evaluated.findings());
            assertThat(hooked.dataGaps()).isEqualTo(evaluated.dataGaps());
            assertThat(screened.findings().stream().map(EntryPoints::line).toList())
                    .isEqualTo(evaluated.findings().stream().map(EntryPoints::line).toList());
        }
    }

    private EntryPoints() {
    }

    /** Asks about one FHIR Bundle (JSON) in the given mode, as of {@code asOf}; post-dose has no hook. */
    static Answers ask(CdsEngine engine, String bundleJson, Mode mode, Instant asOf) {
        try {
            Assessment evaluated = engine.evaluate(READER.read(bundleJson, "bundle"), EvaluationContext.of(mode, asOf));
            CdsHooksService hooks = CdsHooksService.builder(engine).clock(Clock.fixed(asOf, ZoneOffset.UTC)).build();
            String service = switch (mode) {
                case PRE_DOSE -> "ketamine-cds-encounter-start";
                case CANDIDACY, REVIEW -> "ketamine-cds-patient-view";
                case POST_DOSE -> throw new IllegalArgumentException("no CDS hook runs the post-dose rules");
            };
            Assessment hooked = hooks.call(service, CdsHooksRequests.fromBundle(service, bundleJson, "h-1", null),
                    PrefetchFetcher.NONE).assessment().orElseThrow();
            List<String> lines = new ArrayList<>();
            for (JsonNode entry : JSON.readTree(bundleJson).path("entry")) {
                lines.add(JSON.writeValueAsString(entry.path("resource")));
            }
            ScreenResult screened = PopulationScreen.of(engine, mode, asOf).screen(evaluated.patient(), lines);
            return new Answers(evaluated, hooked, screened);
        } catch (UnusableRecordException | CdsHooksException e) {
            throw new AssertionError(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(Finding f) {
        return f.ruleId() + " " + f.outcome() + " " + f.severity() + " " + f.contraindication();
    }

    private static String line(ScreenFinding f) {
        return f.ruleId() + " " + f.outcome() + " " + f.severity() + " " + f.contraindication();
    }
}
