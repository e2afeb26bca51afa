package org.ketaminecds.fhir.cdshooks.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminecds.fhir.cdshooks.FhirServerAccess;
import org.ketaminecds.fhir.cdshooks.PrefetchFetcher;

/**
 * The fetches of one hook call: only from allow-listed servers, the token only to the server's own origin (redirects
 * and next links elsewhere are refused, not followed), within one deadline and one page and byte budget. A GET the
 * server could not take (unreachable, 503, 429) is tried again at most twice, after a short wait, and only when the
 * wait (or the server's {@code Retry-After}) ends before the deadline; no other answer is retried. A search's pages
 * come back as one Bundle; a search cut short fails rather than passing for the whole record. One call's, so used by
 * one thread at a time.
 */
final class GuardedFetcher implements PrefetchFetcher {

    static final int MAX_RETRIES = 2;
    /** The first wait before a retry; doubled for the second. */
    static final Duration BACKOFF = Duration.ofMillis(200);

    private final FhirTransport transport;
    private final FhirContext fhir;
    private final Map<String, String> servers; // canonical -> as configured
    private final Duration timeout;
    private final long deadline; // System.nanoTime()
    private final int maxPages;
    private final long maxBytes;
    private int pages;
    private long bytes;

    /** HAPI's first parse takes seconds (its model is scanned): paid when the host starts, not inside a call's deadline. */
    static void warmUp(FhirContext fhir) {
        fhir.newJsonParser().parseResource("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Patient\",\"id\":\"p\"}}]}");
    }

    GuardedFetcher(FhirTransport transport, FhirContext fhir, Map<String, String> servers, Duration timeout, int maxPages,
                   long maxBytes) {
        this.transport = transport;
        this.fhir = fhir;
        this.servers = servers;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
        this.maxPages = maxPages;
        this.maxBytes = maxBytes;
    }

    @Override
    public Resource fetch(FhirServerAccess access, String query) throws FetchException {
        String canonical = FhirServerAllowList.canonical(access.fhirServer());
        String base = canonical == null ? null : servers.get(canonical);
        if (base == null) {
            throw new FetchException("fhirServer is not one this service may fetch from for this caller's issuer");
        }
        String origin = FhirServerAllowList.origin(URI.create(canonical));
        String type = resourceType(query);
        boolean search = query.indexOf('?') >= 0;
        Resource first = get(URI.create(base + "/" + query), access.accessToken(), origin, type);
        if (!search) {
            if (!first.fhirType().equals(type)) {
                throw new FetchException("the FHIR server answered a read of " + type + " with a " + first.fhirType());
            }
            return first;
        }
        if (!(first instanceof Bundle bundle)) {
            throw new FetchException("the FHIR server answered a search for " + type + " with a " + first.fhirType());
        }
        for (Bundle page = bundle; page.getLink(Bundle.LINK_NEXT) != null; ) {
            URI next;
            try {
                next = URI.create(base + "/").resolve(page.getLink(Bundle.LINK_NEXT).getUrl());
            } catch (IllegalArgumentException e) {
                throw new FetchException("the FHIR server's next-page link for " + type + " is not a URL");
            }
            if (!origin.equals(FhirServerAllowList.origin(next))) {
                throw new FetchException("the FHIR server's next page of " + type + " is on another host; not followed:"
                        + " the token goes to fhirServer only");
            }
            if (!(get(next, access.accessToken(), origin, type) instanceof Bundle nextPage)) {
                throw new FetchException("the FHIR server's next page of " + type + " is not a Bundle");
            }
            bundle.getEntry().addAll(nextPage.getEntry());
            page = nextPage;
        }
        bundle.getLink().removeIf(link -> Bundle.LINK_NEXT.equals(link.getRelation()));
        return bundle;
    }

    /** {@code Condition} of {@code Condition?patient=1}, {@code Patient} of {@code Patient/1}. */
    static String resourceType(String query) {
        int end = 0;
        while (end < query.length() && query.charAt(end) != '/' && query.charAt(end) != '?') {
            end++;
        }
        return query.substring(0, end);
    }

    /** One response, following redirects within the origin; every response counts against the call's budgets. */
    private Resource get(URI uri, String token, String origin, String type) throws FetchException {
        for (URI target = uri; ; ) {
            FhirTransport.Response response = send(target, token, type);
            int status = response.status();
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = response.header("Location").orElse("");
                target = target.resolve(location);
                if (location.isEmpty() || !origin.equals(FhirServerAllowList.origin(target))) {
                    throw new FetchException("the FHIR server redirected the fetch of " + type + " to another host; not"
                            + " followed: the token goes to fhirServer only");
                }
                continue;
            }
            if (status / 100 != 2) {
                throw new FetchException("fetching " + type + " from the FHIR server failed (HTTP " + status + ")");
            }
            try {
                IBaseResource resource = fhir.newJsonParser().parseResource(new ByteArrayInputStream(response.body()));
                if (!(resource instanceof Resource r)) {
                    throw new FetchException("the FHIR server's answer for " + type + " is not an R4 resource");
                }
                return r;
            } catch (DataFormatException e) {
                throw new FetchException("the FHIR server's answer for " + type + " is not FHIR JSON");
            }
        }
    }

    /** One GET through the transport, tried again when the server could not take it and the deadline allows. */
    private FhirTransport.Response send(URI target, String token, String type) throws FetchException {
        for (int attempt = 0; ; attempt++) {
            if (++pages > maxPages) {
                throw new FetchException("fetching " + type + " needs more than the " + maxPages + " pages (responses)"
                        + " one call may fetch; send the prefetch instead");
            }
            FhirTransport.Response response;
            try {
                response = transport.get(new FhirTransport.Request(target, token, remaining(type), maxBytes - bytes));
            } catch (FhirTransport.TooLarge e) {
                throw tooLarge();
            } catch (HttpTimeoutException e) {
                throw pastDeadline(type);
            } catch (ConnectException e) {
                if (attempt < MAX_RETRIES && backOff(attempt, Optional.empty(), type)) {
                    continue;
                }
                throw new FetchException("fetching " + type + " from the FHIR server failed (unreachable)");
            } catch (IOException e) {
                throw new FetchException("fetching " + type + " from the FHIR server failed (" + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchException("fetching " + type + " was interrupted");
            }
            bytes += response.body().length;
            if (bytes > maxBytes) { // a host's transport that read past its limit
                throw tooLarge();
            }
            remaining(type); // an answer after the deadline is not used
            boolean busy = response.status() == 503 || response.status() == 429;
            if (busy && attempt < MAX_RETRIES && backOff(attempt, response.header("Retry-After"), type)) {
                continue;
            }
            return response;
        }
    }

    /**
     * Waits before the next try: {@link #BACKOFF}, doubled each time, or the server's {@code Retry-After} (seconds)
     * when longer. False, at once, when the wait would end past the deadline: then the failure stands.
     */
    private boolean backOff(int attempt, Optional<String> retryAfter, String type) throws FetchException {
        long wait = BACKOFF.toNanos() << attempt;
        try {
            wait = Math.max(wait, Duration.ofSeconds(Long.parseLong(retryAfter.orElse("0").trim())).toNanos());
        } catch (NumberFormatException | ArithmeticException e) {
            // an HTTP date, or nonsense: the short wait
        }
        if (deadline - System.nanoTime() <= wait) {
            return false;
        }
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("fetching " + type + " was interrupted");
        }
    }

    private FetchException tooLarge() {
        return new FetchException("the FHIR server's answers for this call exceed the " + maxBytes + " bytes one call"
                + " may fetch; send the prefetch instead");
    }

    private Duration remaining(String type) throws FetchException {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw pastDeadline(type);
        }
        return Duration.ofNanos(nanos);
    }

    private FetchException pastDeadline(String type) {
        return new FetchException("fetching " + type + " from the FHIR server ran past the deadline (" + timeout.toMillis()
                + " ms for all of one call's fetches)");
    }
}
