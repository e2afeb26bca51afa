package org.ketaminecds.samples.cli.server;

/** A refused token: the reason, in one line, without the token itself. */
final class AuthException extends Exception {
    private static final long serialVersionUID = 1L;

    AuthException(String message) {
        super(message);
    }
}
