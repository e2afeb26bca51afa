package org.ketaminecds.fhir.cdshooks;

import java.util.Objects;

/**
 * The CDS client's FHIR server and the bearer token it granted ({@code fhirServer} and
 * {@code fhirAuthorization.access_token} of the request). The token is never logged or stored.
 */
public record FhirServerAccess(String fhirServer, String accessToken) {

    public FhirServerAccess {
        Objects.requireNonNull(fhirServer, "fhirServer");
        Objects.requireNonNull(accessToken, "accessToken");
    }

    @Override
    public String toString() {
        return "FhirServerAccess[" + fhirServer + ", token hidden]";
    }
}
