package org.ketaminecds.samples.springboot;

import java.util.List;
import org.ketaminecds.core.CdsEngine;
import org.ketaminecds.fhir.cdshooks.CdsHooksService;
import org.ketaminecds.fhir.cdshooks.security.CdsHooksSecurity;
import org.ketaminecds.fhir.cdshooks.security.TrustedIssuer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * ketamine-cds as a CDS Hooks service in a Spring Boot application: the library's {@link CdsHooksService} and
 * {@link CdsHooksSecurity} as beans, {@link CdsHooksController} for the endpoints. Configured under
 * {@code ketamine-cds.*} (see {@code application.yml}).
 */
@SpringBootApplication
@EnableConfigurationProperties(CdsHooksApplication.Settings.class)
public class CdsHooksApplication {

    public static void main(String[] args) {
        SpringApplication.run(CdsHooksApplication.class, args);
    }

    /**
     * @param baseUrl the URL clients call, as their tokens' {@code aud} names it (never taken from the request's Host)
     * @param issuers the CDS clients trusted to call
     */
    @ConfigurationProperties("ketamine-cds")
    public record Settings(String baseUrl, List<Issuer> issuers, Integer maxRequestBytes) {

        /** One trusted client: exactly one of {@code jwksUrl} and {@code jwks} (a JWK Set as JSON). */
        public record Issuer(String iss, String jwksUrl, String jwks, List<String> fhirServers, Integer maxCallsPerSecond) {
            TrustedIssuer trusted() {
                return new TrustedIssuer(iss, jwksUrl, jwks, fhirServers,
                        maxCallsPerSecond == null ? TrustedIssuer.DEFAULT_MAX_CALLS_PER_SECOND : maxCallsPerSecond);
            }
        }
    }

    @Bean
    CdsHooksService cdsHooksService() {
        return CdsHooksService.builder(CdsEngine.builder().build()).build();
    }

    @Bean
    CdsHooksSecurity cdsHooksSecurity(Settings settings) {
        CdsHooksSecurity.Builder security = CdsHooksSecurity.builder();
        (settings.issuers() == null ? List.<Settings.Issuer>of() : settings.issuers())
                .forEach(issuer -> security.trust(issuer.trusted()));
        return security.build();
    }
}
