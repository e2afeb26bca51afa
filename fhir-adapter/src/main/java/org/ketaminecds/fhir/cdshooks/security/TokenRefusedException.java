package org.ketaminecds.fhir.cdshooks.security;

import java.util.Map;

/**
 * A refused CDS Hooks call: the HTTP status to answer, the reason in one line (never the token), and the headers that
 * go with it. 401 with {@code WWW-Authenticate: Bearer}, or 429 with {@code Retry-After} when the issuer has more live
 * tokens than the replay store keeps for it.
 */
public final class TokenRefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final long retryAfterSeconds;

    TokenRefusedException(String message) {
        this(message, 401, 0);
    }

    private TokenRefusedException(String message, int status, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static TokenRefusedException tooManyTokens(String message, long retryAfterSeconds) {
        return new TokenRefusedException(message, 429, Math.max(1, retryAfterSeconds));
    }

    /** 401, or 429. */
    public int status() {
        return status;
    }

    /** Seconds to wait before calling again (429), else 0. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The response headers the status needs. */
    public Map<String, String> headers() {
        return status == 429 ? Map.of("Retry-After", Long.toString(retryAfterSeconds)) : Map.of("WWW-Authenticate", "Bearer");
    }
}
