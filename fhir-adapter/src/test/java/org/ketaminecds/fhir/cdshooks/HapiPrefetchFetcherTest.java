package org.ketaminecds.fhir.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real fetcher against a FHIR server on 127.0.0.1: no network beyond the loopback. */
class HapiPrefetchFetcherTest {

    private HttpServer server;
    private String base;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fhir", this::answer);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String uri = exchange.getRequestURI().toString();
        seen.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + uri);
        String body;
        int status = 200;
        if (uri.endsWith("/Patient/p1")) {
            body = "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"birthDate\":\"1980-02-03\"}";
        } else if (uri.contains("Condition?patient=p1") && !uri.contains("page=2")) {
            body = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"link\":[{\"relation\":\"next\",\"url\":\"" + base
                    + "/Condition?patient=p1&page=2\"}],\"entry\":[{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c1\"}}]}";
        } else if (uri.contains("page=2")) {
            body = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c2\"}}]}";
        } else {
            status = 500;
            body = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"exception\"}]}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/fhir+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void fetch_read_sendsBearerTokenAndReturnsResource() throws Exception {
        Resource patient = PrefetchFetcher.hapi().fetch(new FhirServerAccess(base, "tok-123"), "Patient/p1");

        assertThat(patient).isInstanceOf(Patient.class);
        assertThat(((Patient) patient).getBirthDateElement().getValueAsString()).isEqualTo("1980-02-03");
        assertThat(seen).containsExactly("Bearer tok-123 /fhir/Patient/p1");
    }

    @Test
    void fetch_searchWithNextPage_followsItIntoOneBundle() throws Exception {
        Resource result = PrefetchFetcher.hapi().fetch(new FhirServerAccess(base, "tok"), "Condition?patient=p1");

        Bundle bundle = (Bundle) result;
        assertThat(bundle.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly("c1", "c2");
        assertThat(bundle.getLink(Bundle.LINK_NEXT)).isNull();
    }

    @Test
    void fetch_serverError_fetchExceptionWithoutTheQuery() {
        assertThatThrownBy(() -> PrefetchFetcher.hapi().fetch(new FhirServerAccess(base, "tok"), "Observation?patient=p1"))
                .isInstanceOf(PrefetchFetcher.FetchException.class)
                .hasMessageStartingWith("fetching Observation from the FHIR server failed")
                .hasMessageNotContaining("p1");
    }

    @Test
    void call_missingPrefetchWithFhirServer_fetchedFromLoopbackServer() throws Exception {
        CdsHooksService service = CdsHooksService.builder(CdsHooksServiceTest.engine == null
                ? org.ketaminecds.core.CdsEngine.builder().build() : CdsHooksServiceTest.engine).build();
        String request = "{\"hook\":\"patient-view\",\"hookInstance\":\"i1\",\"fhirServer\":\"" + base + "\","
                + "\"fhirAuthorization\":{\"access_token\":\"tok\",\"token_type\":\"Bearer\"},\"context\":{\"patientId\":\"p1\"},"
                + "\"prefetch\":{\"observations\":null,\"medicationStatements\":null,\"medicationRequests\":null,"
                + "\"medicationAdministrations\":null,\"medicationDispenses\":null,\"allergies\":null,\"flags\":null,"
                + "\"encounters\":null,\"consents\":null,\"carePlans\":null}}";

        CdsHooksService.Result result = service.call("ketamine-cds-patient-view", request, PrefetchFetcher.hapi());

        assertThat(seen).hasSize(3); // Patient, Condition page 1 and page 2
        assertThat(result.assessment()).isPresent();
        assertThat(result.assessment().get().patient()).isEqualTo("Patient/p1");
    }
}
