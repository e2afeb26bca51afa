package org.ketaminecds.fhir.cdshooks.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.ketaminecds.fhir.cdshooks.PrefetchFetcher;

/**
 * The FHIR servers missing CDS Hooks prefetch may be fetched from, per token issuer, and how much one hook call may
 * fetch. The request's {@code fhirAuthorization} token is sent only to the request's {@code fhirServer}, only when
 * that server is listed for the issuer whose JWT made the call, and never across a redirect or a paging link to
 * another origin. An issuer with no servers listed fetches nothing: its calls without prefetch get 412.
 *
 * <pre>{@code
 * FhirServerAllowList servers = FhirServerAllowList.builder()
 *         .allow("https://ehr.example.org", List.of("https://ehr.example.org/fhir"))
 *         .build();
 * // per call, after the JWT is verified:
 * cds.call(serviceId, body, servers.fetcherFor(verifiedIssuer));
 * }</pre>
 *
 * Thread-safe; build one per host. Each {@link #fetcherFor} is one call's: its deadline runs from its creation and
 * its page and byte budgets are shared by every query of that call. A GET the server could not take (unreachable,
 * 503, 429) is tried again at most twice within that deadline; no other failure is retried.
 *
 * <p>A host with its own HTTP stack or HAPI setup gives its {@link FhirTransport} (the GETs) and its R4
 * {@link FhirContext} (the parsing); the checks above stay here, around them.
 */
public final class FhirServerAllowList {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_PAGES = 50;
    public static final long DEFAULT_MAX_BYTES = 20_000_000;

    private final Map<String, Map<String, String>> serversByIssuer; // issuer -> canonical URL -> URL as configured
    private final Duration timeout;
    private final int maxPages;
    private final long maxBytes;
    private final FhirTransport transport;
    private final FhirContext fhir;

    private FhirServerAllowList(Builder b) {
        this.serversByIssuer = Map.copyOf(b.serversByIssuer);
        this.timeout = b.timeout;
        this.maxPages = b.maxPages;
        this.maxBytes = b.maxBytes;
        this.transport = b.transport != null ? b.transport : new JdkFhirTransport(timeout);
        this.fhir = b.fhir;
        GuardedFetcher.warmUp(fhir);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A fetcher for one hook call made with a token of this issuer.
     *
     * @param issuer the verified token's issuer (null: an unauthenticated call, which fetches nothing)
     */
    public PrefetchFetcher fetcherFor(String issuer) {
        Map<String, String> servers = issuer == null ? Map.of() : serversByIssuer.getOrDefault(issuer, Map.of());
        if (servers.isEmpty()) {
            return (access, query) -> {
                throw new PrefetchFetcher.FetchException("no FHIR server is configured for this caller's issuer, so nothing is"
                        + " fetched: send the prefetch, or list the server under the issuer's fhirServers");
            };
        }
        return new GuardedFetcher(transport, fhir, servers, timeout, maxPages, maxBytes);
    }

    /**
     * {@code scheme://host:port/path}: lower-case scheme and host, the default port written out, no trailing slash;
     * null when the URL is not an absolute http(s) URL without user info, query or fragment.
     */
    static String canonical(String url) {
        URI uri;
        try {
            uri = new URI(url.trim()).normalize();
        } catch (URISyntaxException e) {
            return null;
        }
        String origin = origin(uri);
        if (origin == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return null;
        }
        return origin + (uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", ""));
    }

    /** {@code scheme://host:port}, or null when the URI is not absolute http(s). */
    static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return null;
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** Which servers each issuer's calls may fetch from, and the limits of one call. */
    public static final class Builder {
        private final Map<String, Map<String, String>> serversByIssuer = new HashMap<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxPages = DEFAULT_MAX_PAGES;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private FhirTransport transport;
        private FhirContext fhir = FhirContext.forR4Cached();

        private Builder() {
        }

        /**
         * Lets calls of this issuer fetch from these FHIR servers (their base URLs). Plain http only on the loopback:
         * elsewhere the token would cross the network readable.
         *
         * @throws IllegalArgumentException naming the URL that is not an absolute https URL
         */
        public Builder allow(String issuer, Collection<String> fhirServers) {
            Objects.requireNonNull(issuer, "issuer");
            Map<String, String> servers = serversByIssuer.computeIfAbsent(issuer, i -> new LinkedHashMap<>());
            for (String server : fhirServers) {
                String canonical = server == null ? null : canonical(server);
                if (canonical == null) {
                    throw new IllegalArgumentException("'" + server + "' is not a FHIR server base URL (https://host/path,"
                            + " without query or fragment)");
                }
                if (canonical.startsWith("http:") && !loopback(URI.create(canonical).getHost())) {
                    throw new IllegalArgumentException("'" + server + "' is plain http: the EHR's token would cross the"
                            + " network readable; use https (http is accepted for the loopback only)");
                }
                servers.put(canonical, server.trim().replaceAll("/+$", ""));
            }
            return this;
        }

        /** The longest one call may spend fetching, all queries and pages together (default 10 s). */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the fetch timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /** The most responses one call may fetch, every query's pages (and redirects) together (default 50). */
        public Builder maxPages(int maxPages) {
            if (maxPages < 1) {
                throw new IllegalArgumentException("maxPages must be at least 1");
            }
            this.maxPages = maxPages;
            return this;
        }

        /** The most response bytes one call may fetch, all responses together (default 20,000,000). */
        public Builder maxBytes(long maxBytes) {
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be at least 1");
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /**
         * The host's HTTP client for the GETs (default: the JDK's). It must not follow redirects: see
         * {@link FhirTransport} for what it must and need not do.
         */
        public Builder transport(FhirTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** The host's FHIR context, to parse the answers with (default: a cached R4 context); must be R4. */
        public Builder fhirContext(FhirContext fhir) {
            if (fhir.getVersion().getVersion() != FhirVersionEnum.R4) {
                throw new IllegalArgumentException("the FHIR context must be R4, not " + fhir.getVersion().getVersion());
            }
            this.fhir = fhir;
            return this;
        }

        public FhirServerAllowList build() {
            return new FhirServerAllowList(this);
        }

        private static boolean loopback(String host) {
            if (host.equalsIgnoreCase("localhost")) {
                return true;
            }
            try {
                // only literal addresses: a name would be looked up in DNS here
                return (host.matches("[0-9.]+") || host.startsWith("[")) && InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }
}
