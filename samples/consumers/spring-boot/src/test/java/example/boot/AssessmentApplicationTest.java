package example.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import java.time.Instant;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.AssessmentJson;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.fhir.FhirRecordReader;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AssessmentApplicationTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    ObjectMapper bootObjectMapper;

    @Test
    void assessesABundlePostedToTheEndpoint() throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        String bundle = Files.readString(Path.of("../../cli/examples/aneurysm.json"));

        ResponseEntity<AssessmentApplication.Summary> response = http.postForEntity(
                "/assessments?asOf=2026-03-01T08:50:00Z", new HttpEntity<>(bundle, headers), AssessmentApplication.Summary.class);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody().disposition()).isEqualTo("DO_NOT_PROCEED");
        assertThat(response.getBody().ruleIds()).isNotEmpty();
    }

    @Autowired
    CdsEngine engine;

    @Autowired
    FhirRecordReader reader;

    /** Boot's ObjectMapper and the library's JSON share one Jackson: every module at one version, each reads the other. */
    @Test
    void bootAndTheLibraryRunOnOneJackson() throws Exception {
        String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
        assertThat(bootObjectMapper.version().toString()).isEqualTo(databind);
        assertThat(com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString()).isEqualTo(databind);
        assertThat(com.fasterxml.jackson.datatype.jsr310.PackageVersion.VERSION.toString()).isEqualTo(databind);
        assertThat(com.fasterxml.jackson.dataformat.yaml.PackageVersion.VERSION.toString()).isEqualTo(databind);
        System.out.println("Jackson in the Spring Boot consumer: " + databind);

        Assessment a = engine.evaluate(reader.read(Path.of("../../cli/examples/aneurysm.json")),
                EvaluationContext.of(Mode.CANDIDACY, Instant.parse("2026-03-01T08:50:00Z")));
        assertThat(bootObjectMapper.readTree(AssessmentJson.toJson(a)).get("disposition").asText()).isEqualTo("DO_NOT_PROCEED");
    }
}
