package org.ketaminecds.samples.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

    static final String ISSUER = "issuers:\n  - iss: https://ehr.example.org\n    jwksUrl: https://ehr.example.org/jwks\n";

    @TempDir
    Path dir;

    Path file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("server.yaml"), yaml);
    }

    @Test
    void read_newKeysAbsent_defaults() throws Exception {
        ServerConfig config = ServerConfig.read(file(ISSUER));

        assertThat(config.maxFeedbackItems()).isEqualTo(100);
        assertThat(config.maxQueuedCalls()).isEqualTo(64);
        assertThat(config.maxConcurrentCalls()).isGreaterThanOrEqualTo(4);
        assertThat(config.fetch()).isEqualTo(new ServerConfig.Fetch(10, 50, 20_000_000L));
        assertThat(config.issuers().get(0).fhirServers()).isEmpty();
        assertThat(config.issuers().get(0).maxCallsPerSecond()).isEqualTo(200);
    }

    @Test
    void read_topLevelFhirServers_refusedNamingWhereItGoesNow() throws Exception {
        assertThatThrownBy(() -> ServerConfig.read(file(ISSUER + "fhirServers: [https://ehr.example.org/fhir]\n")))
                .hasMessageContaining("issuers[].fhirServers");
    }

    @Test
    void read_limitOutOfRange_refusedNamingTheKey() throws Exception {
        assertThatThrownBy(() -> ServerConfig.read(file(ISSUER + "maxRequestBytes: 0\n")))
                .hasMessageContaining("maxRequestBytes must be between 1");
        assertThatThrownBy(() -> ServerConfig.read(file(ISSUER + "fetch: { maxPages: 0 }\n")))
                .hasMessageContaining("fetch.maxPages must be between 1");
        assertThatThrownBy(() -> ServerConfig.read(file(ISSUER + "    maxCallsPerSecond: 100000\nmaxTokenLifetimeSeconds: 3600\n")))
                .hasMessageContaining("token ids to keep");
    }

    @Test
    void of_plainHttpFhirServerOffTheLoopback_refusedNamingTheIssuer() throws Exception {
        Path config = file(ISSUER + "    fhirServers: [http://ehr.example.org/fhir]\n");

        assertThatThrownBy(() -> ServerSetup.of(config, false, Clock.systemUTC()))
                .hasMessageContaining("issuers[0].fhirServers").hasMessageContaining("use https");
    }

    @Test
    void read_environment_winsOverTheFile_listsSplitAtCommas_nestedPathsMerge() throws Exception {
        ServerConfig config = ServerConfig.read(file(ISSUER + "maxQueuedCalls: 10\nfetch: { maxPages: 7 }\n"), Map.of(
                "KETAMINE_CDS_MAX_QUEUED_CALLS", "12",
                "KETAMINE_CDS_FETCH_TIMEOUT_SECONDS", "3",
                "KETAMINE_CDS_CORS_ALLOWED_ORIGINS", "https://a.example.org, https://b.example.org",
                "KETAMINE_CDS_BASE_URL", "https://cds.example.org",
                "UNRELATED", "x"));

        assertThat(config.maxQueuedCalls()).isEqualTo(12);
        assertThat(config.fetch()).isEqualTo(new ServerConfig.Fetch(3, 7, 20_000_000L));
        assertThat(config.cors().allowedOrigins()).containsExactly("https://a.example.org", "https://b.example.org");
        assertThat(config.baseUrl()).isEqualTo("https://cds.example.org");
        assertThat(config.issuers()).hasSize(1);
    }

    @Test
    void read_environmentOnly_issuersAsJson() {
        ServerConfig config = ServerConfig.read(null, Map.of("KETAMINE_CDS_ISSUERS",
                "[{\"iss\": \"https://ehr.example.org\", \"jwksUrl\": \"https://ehr.example.org/jwks\"}]",
                "KETAMINE_CDS_SHUTDOWN_GRACE_SECONDS", "5"));

        assertThat(config.issuers()).singleElement().satisfies(i -> assertThat(i.iss()).isEqualTo("https://ehr.example.org"));
        assertThat(config.shutdownGraceSeconds()).isEqualTo(5);
        assertThat(ServerConfig.read(null, Map.of())).isEqualTo(ServerConfig.defaults());
    }

    @Test
    void read_badEnvironmentValue_namesTheVariable() {
        assertThatThrownBy(() -> ServerConfig.read(null, Map.of("KETAMINE_CDS_MAX_REQUEST_BYTES", "lots")))
                .hasMessageStartingWith("KETAMINE_CDS_MAX_REQUEST_BYTES: ")
                .hasMessageContaining("maxRequestBytes");
        assertThatThrownBy(() -> ServerConfig.read(null, Map.of("KETAMINE_CDS_SHUTDOWN_GRACE_SECONDS", "-1")))
                .hasMessage("KETAMINE_CDS_SHUTDOWN_GRACE_SECONDS: shutdownGraceSeconds must be between 0 and 3600, not -1");
    }

    @Test
    void environmentName_isThePathInUpperSnakeCase() {
        assertThat(ServerConfig.environmentName("fetch.timeoutSeconds")).isEqualTo("KETAMINE_CDS_FETCH_TIMEOUT_SECONDS");
        assertThat(ServerConfig.environmentName("rules.trustedKeys")).isEqualTo("KETAMINE_CDS_RULES_TRUSTED_KEYS");
        assertThat(ServerConfig.environmentName("baseUrl")).isEqualTo("KETAMINE_CDS_BASE_URL");
    }
}
