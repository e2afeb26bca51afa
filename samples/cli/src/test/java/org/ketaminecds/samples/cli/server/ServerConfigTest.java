package org.ketaminecds.samples.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
}
