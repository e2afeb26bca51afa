package org.ketaminecds.samples.cli.server;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The configuration and the token check it implies, validated before anything starts.
 *
 * @param verifier null when authentication is off
 */
public record ServerSetup(ServerConfig config, JwtVerifier verifier) {

    /**
     * @throws IllegalArgumentException with a one-line message when the configuration is unusable, or when
     *                                  authentication is on and no issuer is trusted
     */
    public static ServerSetup of(Path configFile, boolean noAuth, Clock clock) {
        ServerConfig config = configFile == null ? ServerConfig.defaults() : ServerConfig.read(configFile);
        if (noAuth) {
            return new ServerSetup(config, null);
        }
        if (config.issuers().isEmpty()) {
            throw new IllegalArgumentException("authentication is on but no trusted issuers are configured: give --config"
                    + " FILE with 'issuers' (see the README), or --no-auth for local use");
        }
        return new ServerSetup(config, new JwtVerifier(config.issuers(), config.maxTokenLifetimeSeconds(), clock));
    }
}
