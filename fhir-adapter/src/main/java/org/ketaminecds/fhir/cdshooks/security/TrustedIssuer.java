package org.ketaminecds.fhir.cdshooks.security;

import java.util.List;
import java.util.Objects;

/**
 * A CDS client trusted to call: its JWT issuer ({@code iss}), its public keys (a JWKS URL, or the JWK Set itself as
 * JSON: exactly one), the FHIR servers its calls' missing prefetch may be fetched from (none: nowhere), and the rate
 * it may call at, which sizes its part of the in-memory replay store.
 *
 * @param jwks the public JWK Set as JSON text ({@code {"keys":[...]}}), or null when {@code jwksUrl} is given
 */
public record TrustedIssuer(String iss, String jwksUrl, String jwks, List<String> fhirServers, int maxCallsPerSecond) {

    public static final int DEFAULT_MAX_CALLS_PER_SECOND = 200;

    public TrustedIssuer {
        Objects.requireNonNull(iss, "iss");
        if (iss.isBlank()) {
            throw new IllegalArgumentException("a trusted issuer needs its 'iss'");
        }
        if ((jwksUrl == null) == (jwks == null)) {
            throw new IllegalArgumentException("issuer " + iss + " needs exactly one of 'jwksUrl' and 'jwks'");
        }
        if (maxCallsPerSecond < 1) {
            throw new IllegalArgumentException("issuer " + iss + ": maxCallsPerSecond must be at least 1");
        }
        fhirServers = fhirServers == null ? List.of() : List.copyOf(fhirServers);
    }

    /** Keys at a URL, fetched and cached (refetched when a token names an unknown key id). */
    public static TrustedIssuer withJwksUrl(String iss, String jwksUrl, List<String> fhirServers) {
        return new TrustedIssuer(iss, jwksUrl, null, fhirServers, DEFAULT_MAX_CALLS_PER_SECOND);
    }

    /** Keys given inline: a public JWK Set as JSON. */
    public static TrustedIssuer withJwks(String iss, String jwks, List<String> fhirServers) {
        return new TrustedIssuer(iss, null, jwks, fhirServers, DEFAULT_MAX_CALLS_PER_SECOND);
    }
}
