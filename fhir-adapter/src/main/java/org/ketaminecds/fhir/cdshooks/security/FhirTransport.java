package org.ketaminecds.fhir.cdshooks.security;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP GET to a FHIR server, for fetching missing prefetch: the part a host may supply with its own HTTP client
 * (its Apache or OkHttp client with its proxies and TLS settings, or the one under its HAPI {@code IGenericClient}:
 * {@code fhirContext.getRestfulClientFactory().getHttpClient(...)}). The default uses the JDK's
 * {@link java.net.http.HttpClient}.
 *
 * <p>The guards stay in the library, around each GET: only allow-listed servers, redirects and next-page links
 * followed only within the server's origin (the token goes to {@code fhirServer} only), one deadline and one page and
 * byte budget per call, bounded retries. So a transport must:
 * <ul>
 *   <li>send exactly one GET to {@link Request#uri()} with {@code Accept: application/fhir+json} and
 *       {@code Authorization: Bearer <accessToken>}, and <b>never follow a redirect</b> itself: answer the 3xx with its
 *       {@code Location} header, so that the library decides;</li>
 *   <li>give up after {@link Request#timeout()} (throw an {@link IOException}, e.g.
 *       {@link java.net.http.HttpTimeoutException});</li>
 *   <li>read at most {@link Request#maxBytes()} of the body, then hang up and throw {@link TooLarge};</li>
 *   <li>throw {@link java.net.ConnectException} when the server could not be reached (the call is retried).</li>
 * </ul>
 * It need not retry, log or parse: the library does. It must not log the token.
 */
@FunctionalInterface
public interface FhirTransport {

    /**
     * @throws IOException          when there was no answer (the server is unreachable, the connection broke, the
     *                              timeout passed, the body is too large)
     * @throws InterruptedException when the thread was interrupted while waiting
     */
    Response get(Request request) throws IOException, InterruptedException;

    /** One GET: where, with which token, how long it may take, how much of the body may be read. */
    record Request(URI uri, String accessToken, Duration timeout, long maxBytes) {
        public Request {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(accessToken, "accessToken");
            Objects.requireNonNull(timeout, "timeout");
        }

        @Override
        public String toString() {
            return "Request[" + uri + ", token hidden, " + timeout + ", " + maxBytes + " bytes]";
        }
    }

    /**
     * The answer, as received.
     *
     * @param headers at least {@code Location} (redirects) and {@code Retry-After} (429, 503) when present; names
     *                are matched ignoring case
     */
    record Response(int status, Map<String, String> headers, byte[] body) {
        public Response {
            TreeMap<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            byName.putAll(headers == null ? Map.of() : headers);
            headers = java.util.Collections.unmodifiableMap(byName);
            body = body == null ? new byte[0] : body;
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    /** The body is larger than {@link Request#maxBytes()}: the transport stopped reading it. */
    final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        public TooLarge() {
            super("the answer is larger than this call may still fetch");
        }
    }
}
