package org.ketaminecds.samples.cli.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.ketaminecds.fhir.cdshooks.security.CdsHooksSecurity;

/**
 * The configuration and the checks it implies, validated before anything starts.
 *
 * @param security who may call and where their calls may fetch from (the library's checks); null when
 *                 authentication is off, and then nothing is fetched
 */
public record ServerSetup(ServerConfig config, CdsHooksSecurity security) {

    /**
     * @throws IllegalArgumentException with a one-line message when the configuration is unusable, or when
     *                                  authentication is on and no issuer is trusted
     */
    public static ServerSetup of(Path configFile, boolean noAuth, Clock clock) {
        return of(configFile, Map.of(), noAuth, clock);
    }

    /** As {@link #of(Path, boolean, Clock)}, with {@code KETAMINE_CDS_...} settings of the environment over the file. */
    public static ServerSetup of(Path configFile, Map<String, String> environment, boolean noAuth, Clock clock) {
        ServerConfig config = ServerConfig.read(configFile, environment);
        if (noAuth) {
            return new ServerSetup(config, null);
        }
        if (config.issuers().isEmpty()) {
            throw new IllegalArgumentException("authentication is on but no trusted issuers are configured: give --config"
                    + " FILE with 'issuers' (see the README), or --no-auth for local use");
        }
        CdsHooksSecurity.Builder security = CdsHooksSecurity.builder()
                .maxTokenLifetime(Duration.ofSeconds(config.maxTokenLifetimeSeconds()))
                .clock(clock)
                .fetchTimeout(Duration.ofSeconds(config.fetch().timeoutSeconds()))
                .maxFetchPages(config.fetch().maxPages())
                .maxFetchBytes(config.fetch().maxBytes());
        for (int i = 0; i < config.issuers().size(); i++) {
            try {
                security.trust(config.issuers().get(i).trusted());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(configFile + ": issuers[" + i + "]: " + e.getMessage());
            }
        }
        return new ServerSetup(config, security.build());
    }
}
