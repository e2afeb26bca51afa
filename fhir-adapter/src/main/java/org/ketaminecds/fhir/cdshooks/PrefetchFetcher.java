package org.ketaminecds.fhir.cdshooks;

import org.hl7.fhir.r4.model.Resource;

/**
 * Fetches a prefetch query the CDS client did not answer, from the client's FHIR server. It runs before evaluation,
 * never inside it. The real one comes from
 * {@link org.ketaminecds.fhir.cdshooks.security.CdsHooksSecurity#fetcherFor} (or
 * {@link org.ketaminecds.fhir.cdshooks.security.FhirServerAllowList#fetcherFor}), per call: it fetches only from the
 * servers allowed for the caller's issuer and sends the token nowhere else. {@link #NONE} fetches nothing, so missing
 * data gives HTTP 412.
 */
@FunctionalInterface
public interface PrefetchFetcher {

    /** Fetches nothing: every missing prefetch key is a 412. */
    PrefetchFetcher NONE = (access, query) -> {
        throw new FetchException("this host does not fetch from FHIR servers");
    };

    /**
     * Runs one query against the server.
     *
     * @param access the server and token from the request
     * @param query  a relative FHIR URL with the context filled in: {@code Patient/123} or
     *               {@code Condition?patient=123}
     * @return the resource read, or a Bundle with every page of a search
     * @throws FetchException when the server cannot be reached or refuses; the message names no patient data
     */
    Resource fetch(FhirServerAccess access, String query) throws FetchException;

    /** A fetch that failed. */
    final class FetchException extends Exception {
        private static final long serialVersionUID = 1L;

        public FetchException(String message) {
            super(message);
        }

        public FetchException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
