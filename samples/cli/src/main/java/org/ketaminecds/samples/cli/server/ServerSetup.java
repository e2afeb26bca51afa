package org.ketaminecds.samples.cli.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.ketaminecds.fhir.cdshooks.security.FhirServerAllowList;

/**
 * The configuration and the checks it implies, validated before anything starts.
 *
 * @param verifier   null when authentication is off
 * @param fhirServers where each issuer's calls may fetch missing prefetch from; nowhere when authentication is off
 */
public record ServerSetup(ServerConfig config, JwtVerifier verifier, FhirServerAllowList fhirServers) {

    /**
     * @throws IllegalArgumentException with a one-line message when the configuration is unusable, or when
     *                                  authentication is on and no issuer is trusted
     */
    public static ServerSetup of(Path configFile, boolean noAuth, Clock clock) {
        return of(configFile, java.util.Map.of(), noAuth, clock);
    }

    /** As {@link #of(Path, boolean, Clock)}, with {@code KETAMINE_CDS_...} settings of the environment over the file. */
    public static ServerSetup of(Path configFile, java.util.Map<String, String> environment, boolean noAuth, Clock clock) {
        ServerConfig config = ServerConfig.read(configFile, environment);
        FhirServerAllowList.Builder servers = FhirServerAllowList.builder()
                .timeout(Duration.ofSeconds(config.fetch().timeoutSeconds()))
                .maxPages(config.fetch().maxPages())
                .maxBytes(config.fetch().maxBytes());
        if (noAuth) {
            return new ServerSetup(config, null, servers.build()); // no issuer, so no server: nothing is fetched
        }
        if (config.issuers().isEmpty()) {
            throw new IllegalArgumentException("authentication is on but no trusted issuers are configured: give --config"
                    + " FILE with 'issuers' (see the README), or --no-auth for local use");
        }
        for (int i = 0; i < config.issuers().size(); i++) {
            ServerConfig.Issuer issuer = config.issuers().get(i);
            try {
                servers.allow(issuer.iss(), issuer.fhirServers());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(configFile + ": issuers[" + i + "].fhirServers: " + e.getMessage());
            }
        }
        return new ServerSetup(config, new JwtVerifier(config.issuers(), config.maxTokenLifetimeSeconds(), clock),
                servers.build());
    }
}
