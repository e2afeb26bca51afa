package org.ketaminecds.samples.cli.server;

/**
 * A refused token: the reason, in one line, without the token itself. 401, or 429 with the seconds to wait when the
 * issuer has more live tokens than its replay cache holds.
 */
final class AuthException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final long retryAfterSeconds;

    AuthException(String message) {
        this(message, 401, 0);
    }

    private AuthException(String message, int status, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static AuthException tooManyTokens(String message, long retryAfterSeconds) {
        return new AuthException(message, 429, Math.max(1, retryAfterSeconds));
    }

    int status() {
        return status;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
