package org.ketaminecds.fhir.bulk;

/**
 * A line of an NDJSON file that is not a FHIR resource: not JSON, not a JSON object, or an object without a
 * {@code resourceType}. Unchecked, because a reader skips the line and goes on; the message says what is wrong
 * without quoting the line (it may hold patient data).
 */
public final class MalformedLineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MalformedLineException(String problem) {
        super(problem);
    }

    MalformedLineException(String problem, Throwable cause) {
        super(problem, cause);
    }
}
