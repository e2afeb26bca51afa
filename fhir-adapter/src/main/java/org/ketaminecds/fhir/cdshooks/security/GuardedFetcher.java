package org.ketaminecds.fhir.cdshooks.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminecds.fhir.cdshooks.FhirServerAccess;
import org.ketaminecds.fhir.cdshooks.PrefetchFetcher;

/**
 * The fetches of one hook call: only from allow-listed servers, the token only to the server's own origin (redirects
 * and next links elsewhere are refused, not followed), within one deadline and one page and byte budget. A search's
 * pages come back as one Bundle; a search cut short fails rather than passing for the whole record. One call's, so
 * used by one thread at a time.
 */
final class GuardedFetcher implements PrefetchFetcher {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private final HttpClient http;
    private final Map<String, String> servers; // canonical -> as configured
    private final Duration timeout;
    private final long deadline; // System.nanoTime()
    private final int maxPages;
    private final long maxBytes;
    private int pages;
    private long bytes;

    /** HAPI's first parse takes seconds (its model is scanned): paid when the host starts, not inside a call's deadline. */
    static void warmUp() {
        FHIR.newJsonParser().parseResource("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Patient\",\"id\":\"p\"}}]}");
    }

    GuardedFetcher(HttpClient http, Map<String, String> servers, Duration timeout, int maxPages, long maxBytes) {
        this.http = http;
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
            if (++pages > maxPages) {
                throw new FetchException("fetching " + type + " needs more than the " + maxPages + " pages (responses)"
                        + " one call may fetch; send the prefetch instead");
            }
            HttpResponse<byte[]> response = send(HttpRequest.newBuilder(target)
                    .header("Accept", "application/fhir+json")
                    .header("Authorization", "Bearer " + token)
                    .timeout(remaining(type))
                    .GET().build(), type);
            int status = response.statusCode();
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = response.headers().firstValue("Location").orElse("");
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
                IBaseResource resource = FHIR.newJsonParser().parseResource(new ByteArrayInputStream(response.body()));
                if (!(resource instanceof Resource r)) {
                    throw new FetchException("the FHIR server's answer for " + type + " is not an R4 resource");
                }
                return r;
            } catch (DataFormatException e) {
                throw new FetchException("the FHIR server's answer for " + type + " is not FHIR JSON");
            }
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request, String type) throws FetchException {
        long left = maxBytes - bytes;
        CompletableFuture<HttpResponse<byte[]>> response = http.sendAsync(request, info -> new Limited(left));
        try {
            HttpResponse<byte[]> done = response.get(remaining(type).toNanos(), TimeUnit.NANOSECONDS);
            bytes += done.body().length;
            return done;
        } catch (TimeoutException e) {
            response.cancel(true);
            throw pastDeadline(type);
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchException("fetching " + type + " was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TooLarge) {
                throw new FetchException("the FHIR server's answers for this call exceed the " + maxBytes + " bytes one call"
                        + " may fetch; send the prefetch instead");
            }
            if (cause instanceof HttpTimeoutException) {
                throw pastDeadline(type);
            }
            throw new FetchException("fetching " + type + " from the FHIR server failed (" + cause.getClass().getSimpleName() + ")");
        }
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

    /** A body read up to a number of bytes; past it the exchange is cancelled, so a huge answer is never held. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final long limit;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Limited(long limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (body.isDone()) {
                    return;
                }
                if (received.size() + (long) buffer.remaining() > limit) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                received.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(received.toByteArray());
        }
    }

    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
