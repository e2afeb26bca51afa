package org.ketaminecds.fhir.cdshooks.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.fhir.cdshooks.CdsHooksException;
import org.ketaminecds.fhir.cdshooks.CdsHooksService;
import org.ketaminecds.fhir.cdshooks.FhirServerAccess;
import org.ketaminecds.fhir.cdshooks.PrefetchFetcher;
import org.ketaminecds.fhir.cdshooks.PrefetchFetcher.FetchException;

/**
 * The fetcher against FHIR servers on 127.0.0.1 (no network beyond the loopback): the EHR's FHIR server, and a
 * second origin (another port) that records whatever reaches it, token included.
 */
class FhirServerAllowListTest {

    static final String ISSUER = "https://ehr.example.org";

    private HttpServer ehr;
    private HttpServer elsewhere;
    private String base;
    private String otherOrigin;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<String> seenElsewhere = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        ehr = server("/fhir", this::answer);
        base = "http://127.0.0.1:" + ehr.getAddress().getPort() + "/fhir";
        elsewhere = server("/", exchange -> {
            seenElsewhere.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + exchange.getRequestURI());
            respond(exchange, 200, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}");
        });
        otherOrigin = "http://127.0.0.1:" + elsewhere.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        ehr.stop(0);
        elsewhere.stop(0);
    }

    private static HttpServer server(String path, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, handler);
        server.start();
        return server;
    }

    private void answer(HttpExchange exchange) throws IOException {
        String uri = exchange.getRequestURI().toString();
        seen.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + uri);
        if (uri.endsWith("/Patient/p1")) {
            respond(exchange, 200, "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"birthDate\":\"1980-02-03\"}");
        } else if (uri.contains("Condition?patient=p1") && !uri.contains("page=2")) {
            respond(exchange, 200, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"link\":[{\"relation\":\"next\",\"url\":\""
                    + base + "/Condition?patient=p1&page=2\"}],\"entry\":[{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c1\"}}]}");
        } else if (uri.contains("page=2")) {
            respond(exchange, 200, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
                    + "{\"resourceType\":\"Condition\",\"id\":\"c2\"}}]}");
        } else {
            respond(exchange, 500, "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"exception\"}]}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/fhir+json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private FhirServerAllowList.Builder allowingTheEhr() {
        return FhirServerAllowList.builder().allow(ISSUER, List.of(base));
    }

    private Resource fetch(FhirServerAllowList servers, String query) throws FetchException {
        return servers.fetcherFor(ISSUER).fetch(new FhirServerAccess(base, "secret"), query);
    }

    /** Another FHIR base on the EHR's origin, answering every request with {@code answer}; allow-listed. */
    private Resource fetchFrom(String path, HttpHandler answer, FhirServerAllowList.Builder limits, String query)
            throws FetchException {
        String server = base.replace("/fhir", path);
        ehr.createContext(path, exchange -> {
            seen.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + exchange.getRequestURI());
            answer.handle(exchange);
        });
        return limits.allow(ISSUER, List.of(server)).build().fetcherFor(ISSUER).fetch(new FhirServerAccess(server, "secret"), query);
    }

    private static HttpHandler redirectTo(String location) {
        return exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            respond(exchange, 302, "");
        };
    }

    private static HttpHandler searchsetWithNext(String next) {
        return exchange -> respond(exchange, 200, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"link\":[{\"relation\":"
                + "\"next\",\"url\":\"" + next + "\"}],\"entry\":[{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c1\"}}]}");
    }

    // --- what is fetched ---------------------------------------------------------------------------------------

    @Test
    void fetch_read_sendsBearerTokenAndReturnsResource() throws Exception {
        Resource patient = fetch(allowingTheEhr().build(), "Patient/p1");

        assertThat(patient).isInstanceOf(Patient.class);
        assertThat(((Patient) patient).getBirthDateElement().getValueAsString()).isEqualTo("1980-02-03");
        assertThat(seen).containsExactly("Bearer secret /fhir/Patient/p1");
    }

    @Test
    void fetch_searchWithNextPage_followsItIntoOneBundle() throws Exception {
        Bundle bundle = (Bundle) fetch(allowingTheEhr().build(), "Condition?patient=p1");

        assertThat(bundle.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly("c1", "c2");
        assertThat(bundle.getLink(Bundle.LINK_NEXT)).isNull();
    }

    @Test
    void fetch_redirectWithinTheOrigin_followed() throws Exception {
        Resource patient = fetchFrom("/old", redirectTo(base + "/Patient/p1"), FhirServerAllowList.builder(), "Patient/p1");

        assertThat(patient).isInstanceOf(Patient.class);
        assertThat(seen).containsExactly("Bearer secret /old/Patient/p1", "Bearer secret /fhir/Patient/p1");
    }

    @Test
    void fetch_serverError_fetchExceptionWithoutTheQuery() {
        assertThatThrownBy(() -> fetch(allowingTheEhr().build(), "Observation?patient=p1"))
                .isInstanceOf(FetchException.class)
                .hasMessage("fetching Observation from the FHIR server failed (HTTP 500)");
    }

    // --- where the token may go ---------------------------------------------------------------------------------

    @Test
    void fetch_redirectToAnotherOrigin_notFollowedAndTokenNotSent() {
        Throwable refused = catchThrowable(() -> fetchFrom("/away", redirectTo(otherOrigin + "/fhir/Patient/p1"),
                FhirServerAllowList.builder(), "Patient/p1"));

        assertThat(seenElsewhere).isEmpty();
        assertThat(refused).isInstanceOf(FetchException.class).hasMessageContaining("redirected").hasMessageContaining("another host");
    }

    @Test
    void fetch_nextLinkToAnotherOrigin_notFollowedAndTokenNotSent() {
        Throwable refused = catchThrowable(() -> fetchFrom("/stray", searchsetWithNext(otherOrigin + "/fhir/Condition?page=2"),
                FhirServerAllowList.builder(), "Condition?patient=p1"));

        assertThat(seenElsewhere).isEmpty();
        assertThat(refused).isInstanceOf(FetchException.class).hasMessageContaining("next page").hasMessageContaining("another host");
    }

    @Test
    void fetcherFor_serverNotListedForTheIssuer_refusedWithoutARequest() {
        FhirServerAllowList servers = FhirServerAllowList.builder().allow(ISSUER, List.of(otherOrigin + "/fhir"))
                .allow("https://other-ehr.example.org", List.of(base)).build();

        assertThatThrownBy(() -> fetch(servers, "Patient/p1")).isInstanceOf(FetchException.class)
                .hasMessageContaining("not one this service may fetch from");
        assertThatThrownBy(() -> servers.fetcherFor("https://stranger.example.org").fetch(new FhirServerAccess(base, "secret"),
                "Patient/p1")).isInstanceOf(FetchException.class).hasMessageContaining("no FHIR server is configured");
        assertThat(seen).isEmpty();
    }

    @Test
    void allow_plainHttpOffTheLoopbackOrNotABaseUrl_refused() {
        assertThatThrownBy(() -> FhirServerAllowList.builder().allow(ISSUER, List.of("http://ehr.example.org/fhir")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use https");
        assertThatThrownBy(() -> FhirServerAllowList.builder().allow(ISSUER, List.of("https://ehr.example.org/fhir?x=1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a FHIR server base URL");
        assertThatThrownBy(() -> FhirServerAllowList.builder().allow(ISSUER, List.of("ftp://ehr.example.org/fhir")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a FHIR server base URL");
    }

    @Test
    void canonical_sameServerWrittenDifferently_sameKey() {
        assertThat(FhirServerAllowList.canonical("HTTPS://EHR.example.org/fhir/"))
                .isEqualTo(FhirServerAllowList.canonical("https://ehr.example.org:443/fhir"))
                .isEqualTo(FhirServerAllowList.canonical("https://ehr.example.org/x/../fhir"));
        assertThat(FhirServerAllowList.canonical("https://ehr.example.org/fhir"))
                .isNotEqualTo(FhirServerAllowList.canonical("https://ehr.example.org:8443/fhir"));
    }

    // --- the budgets of one call --------------------------------------------------------------------------------

    @Test
    void fetch_endlessNextPages_failsInsteadOfTruncating() {
        // A record cut at some page would be used as if complete: the fetch fails, so the call gets its 412.
        assertThatThrownBy(() -> fetchFrom("/endless", searchsetWithNext(base.replace("/fhir", "/endless") + "/Condition?page=n"),
                FhirServerAllowList.builder().maxPages(5), "Condition?patient=p1"))
                .isInstanceOf(FetchException.class).hasMessageContaining("more than the 5 pages");
        assertThat(seen).hasSize(5);
    }

    @Test
    void fetch_pagesOfSeveralQueries_shareOneCallsBudget() throws Exception {
        PrefetchFetcher oneCall = allowingTheEhr().maxPages(3).build().fetcherFor(ISSUER);
        FhirServerAccess access = new FhirServerAccess(base, "secret");

        oneCall.fetch(access, "Condition?patient=p1"); // two pages
        assertThatThrownBy(() -> {
            oneCall.fetch(access, "Patient/p1");
            oneCall.fetch(access, "Patient/p1");
        }).isInstanceOf(FetchException.class).hasMessageContaining("3 pages");
    }

    @Test
    void fetch_answersLargerThanTheByteBudget_failsWithoutReadingThemWhole() throws Exception {
        HttpHandler huge = exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(200, 0); // chunked: the size shows only as bytes arrive
            byte[] entry = ",{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c\"}}".getBytes(StandardCharsets.UTF_8);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{}".getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < 2_000_000; i++) { // 100 MB if read to the end
                    body.write(entry);
                }
                body.write("]}".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the fetcher hung up: what it should do
            }
        };

        assertThatThrownBy(() -> fetchFrom("/huge", huge, FhirServerAllowList.builder().maxBytes(100_000), "Condition?patient=p1"))
                .isInstanceOf(FetchException.class).hasMessageContaining("100000 bytes");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard only
    void fetch_serverDripsForever_failsAtTheDeadline() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        HttpHandler drip = exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked, never finished: a byte now and then keeps a socket alive
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("{\"resourceType\":\"Bundle\",\"entry\":[".getBytes(StandardCharsets.UTF_8));
                while (!stop.await(50, TimeUnit.MILLISECONDS)) {
                    body.write(' ');
                    body.flush();
                }
            } catch (InterruptedException | IOException e) {
                // the fetcher hung up
            }
        };
        try {
            assertThatThrownBy(() -> fetchFrom("/drip", drip, FhirServerAllowList.builder().timeout(Duration.ofMillis(500)),
                    "Condition?patient=p1"))
                    .isInstanceOf(FetchException.class).hasMessageContaining("deadline");
        } finally {
            stop.countDown();
        }
    }

    // --- retries -----------------------------------------------------------------------------------------------

    /** Answers each request with the next status (the last one repeated); 200 is the patient. */
    private static HttpHandler answering(int... statuses) {
        int[] calls = {0};
        return exchange -> {
            int status = statuses[Math.min(calls[0]++, statuses.length - 1)];
            if (status == 200) {
                respond(exchange, 200, "{\"resourceType\":\"Patient\",\"id\":\"p1\"}");
            } else {
                exchange.getResponseHeaders().set("Retry-After", "0");
                respond(exchange, status, "");
            }
        };
    }

    @Test
    void fetch_busyThenOk_retriedAndReturned() throws Exception {
        Resource patient = fetchFrom("/busy", answering(503, 429, 200), FhirServerAllowList.builder(), "Patient/p1");

        assertThat(patient).isInstanceOf(Patient.class);
        assertThat(seen).hasSize(3);
    }

    @Test
    void fetch_busyThreeTimes_failsAfterTwoRetries() {
        assertThatThrownBy(() -> fetchFrom("/down", answering(503, 503, 503, 200), FhirServerAllowList.builder(), "Patient/p1"))
                .isInstanceOf(FetchException.class).hasMessage("fetching Patient from the FHIR server failed (HTTP 503)");
        assertThat(seen).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 410, 500})
    void fetch_otherFailures_neverRetried(int status) {
        assertThatThrownBy(() -> fetchFrom("/refuses", answering(status, 200), FhirServerAllowList.builder(), "Patient/p1"))
                .isInstanceOf(FetchException.class).hasMessageContaining("HTTP " + status);
        assertThat(seen).hasSize(1);
    }

    @Test
    void fetch_retryAfterPastTheDeadline_failsWithoutWaiting() {
        HttpHandler later = exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "3600");
            respond(exchange, 503, "");
        };

        assertThatThrownBy(() -> fetchFrom("/later", later, FhirServerAllowList.builder().timeout(Duration.ofSeconds(30)),
                "Patient/p1")).isInstanceOf(FetchException.class).hasMessageContaining("HTTP 503");
        assertThat(seen).hasSize(1);
    }

    @Test
    void fetch_unreachableServer_triedThreeTimesThenFails() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + closedPort + "/fhir";
        FhirTransport jdk = new JdkFhirTransport(Duration.ofSeconds(5));
        List<String> tries = new CopyOnWriteArrayList<>();
        FhirTransport counted = request -> {
            tries.add(request.uri().toString());
            return jdk.get(request);
        };
        PrefetchFetcher fetcher = FhirServerAllowList.builder().allow(ISSUER, List.of(nowhere)).transport(counted).build()
                .fetcherFor(ISSUER);

        assertThatThrownBy(() -> fetcher.fetch(new FhirServerAccess(nowhere, "secret"), "Patient/p1"))
                .isInstanceOf(FetchException.class).hasMessage("fetching Patient from the FHIR server failed (unreachable)");
        assertThat(tries).hasSize(3).containsOnly(nowhere + "/Patient/p1");
    }

    // --- the host's transport -----------------------------------------------------------------------------------

    @Test
    void transport_theHosts_usedWithTheTokenAndTheGuardsStillApply() throws Exception {
        List<FhirTransport.Request> requests = new CopyOnWriteArrayList<>();
        FhirTransport host = request -> {
            requests.add(request);
            if (request.uri().getPath().endsWith("/Patient/p1")) {
                return new FhirTransport.Response(200, Map.of(), "{\"resourceType\":\"Patient\",\"id\":\"p1\"}"
                        .getBytes(StandardCharsets.UTF_8));
            }
            return new FhirTransport.Response(302, Map.of("location", otherOrigin + "/fhir/Patient/p2"), null);
        };
        PrefetchFetcher fetcher = allowingTheEhr().transport(host).maxBytes(1_000).build().fetcherFor(ISSUER);
        FhirServerAccess access = new FhirServerAccess(base, "secret");

        assertThat(fetcher.fetch(access, "Patient/p1")).isInstanceOf(Patient.class);
        assertThatThrownBy(() -> fetcher.fetch(access, "Patient/p2")).isInstanceOf(FetchException.class)
                .hasMessageContaining("redirected").hasMessageContaining("another host");

        assertThat(requests).extracting(r -> r.uri().toString()).containsExactly(base + "/Patient/p1", base + "/Patient/p2");
        assertThat(requests).allSatisfy(r -> assertThat(r.accessToken()).isEqualTo("secret"));
        assertThat(requests.get(1).maxBytes()).isLessThan(1_000); // the first answer counted against the call's budget
        assertThat(seen).isEmpty();
        assertThat(seenElsewhere).isEmpty();
    }

    // --- through the service ------------------------------------------------------------------------------------

    private static CdsHooksService service;

    /** One engine for the class: building it is the slow part. */
    private static synchronized CdsHooksService service() {
        if (service == null) {
            service = CdsHooksService.builder(CdsEngine.builder().build()).build();
        }
        return service;
    }

    static String patientView(String fhirServer) {
        return "{\"hook\":\"patient-view\",\"hookInstance\":\"i1\",\"fhirServer\":\"" + fhirServer + "\","
                + "\"fhirAuthorization\":{\"access_token\":\"secret\",\"token_type\":\"Bearer\"},\"context\":{\"patientId\":\"p1\"},"
                + "\"prefetch\":{\"observations\":null,\"medicationStatements\":null,\"medicationRequests\":null,"
                + "\"medicationAdministrations\":null,\"medicationDispenses\":null,\"allergies\":null,\"flags\":null,"
                + "\"encounters\":null,\"consents\":null,\"carePlans\":null}}";
    }

    @Test
    void call_missingPrefetchFromAnAllowedServer_fetched() throws Exception {
        CdsHooksService.Result result = service().call("ketamine-cds-patient-view", patientView(base),
                allowingTheEhr().build().fetcherFor(ISSUER));

        assertThat(seen).hasSize(3); // Patient, Condition page 1 and page 2
        assertThat(result.assessment().orElseThrow().patient()).isEqualTo("Patient/p1");
    }

    @Test
    void call_fhirServerTheCallerNamesButNobodyAllowed_412AndNothingSent() {
        assertThatThrownBy(() -> service().call("ketamine-cds-patient-view", patientView(otherOrigin + "/fhir"),
                allowingTheEhr().build().fetcherFor(ISSUER)))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> assertThat(e.status()).isEqualTo(412));
        assertThat(seenElsewhere).isEmpty();
    }
}
