package example.boot;

import java.util.List;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.FhirRecordReader;
import org.ketaminecds.fhir.UnusableRecordException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The README's embedding example behind one Spring MVC endpoint: POST a patient's Bundle, get its disposition. */
@SpringBootApplication
public class AssessmentApplication {

    public static void main(String[] args) {
        SpringApplication.run(AssessmentApplication.class, args);
    }

    @Bean
    CdsEngine cdsEngine() {
        return CdsEngine.builder().build();
    }

    @Bean
    FhirRecordReader fhirRecordReader() {
        return FhirRecordReader.create();
    }

    /** Written by Boot's own ObjectMapper. */
    public record Summary(String disposition, List<String> ruleIds) {
    }

    @RestController
    static class AssessmentController {

        private final CdsEngine engine;
        private final FhirRecordReader reader;

        AssessmentController(CdsEngine engine, FhirRecordReader reader) {
            this.engine = engine;
            this.reader = reader;
        }

        @PostMapping(path = "/assessments", consumes = {"application/json", "application/fhir+json"})
        Summary assess(@RequestBody String bundle, @RequestParam String asOf) throws UnusableRecordException {
            Assessment a = engine.evaluate(reader.read(bundle, "request body"),
                    EvaluationContext.of(Mode.CANDIDACY, java.time.Instant.parse(asOf)));
            return new Summary(a.disposition().name(), a.findings().stream().map(f -> f.ruleId()).toList());
        }

        @ExceptionHandler(UnusableRecordException.class)
        @ResponseStatus(HttpStatus.UNPROCESSABLE_ENTITY)
        String unusable(UnusableRecordException e) {
            return e.getMessage();
        }
    }
}
