package org.ketaminecds.fhir.cdshooks;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.ketaminecds.fhir.AssessmentFhir;

/**
 * A CDS Hooks call that cannot be answered, with the HTTP status the specification gives it: 400 (bad request),
 * 404 (no such service), 412 (data missing: no prefetch and no FHIR server access), 413 (more data than the service
 * takes in one call). The message is one line
 * without patient data, fit for a log and for the caller.
 */
public final class CdsHooksException extends Exception {

    private static final long serialVersionUID = 1L;

    public static final int BAD_REQUEST = 400;
    public static final int NOT_FOUND = 404;
    public static final int PRECONDITION_FAILED = 412;
    public static final int PAYLOAD_TOO_LARGE = 413;

    private final int status;

    public CdsHooksException(int status, String message) {
        this(status, message, null);
    }

    CdsHooksException(int status, String message, Throwable cause) {
        super(oneLine(message), cause);
        this.status = status;
    }

    /** Messages quote the caller's text (a hook name, a service id): its control characters must not make lines. */
    private static String oneLine(String message) {
        return message == null ? null : message.replaceAll("\\p{Cntrl}+", " ");
    }

    /** The HTTP status for this error. */
    public int status() {
        return status;
    }

    /** The error as a FHIR OperationOutcome (JSON), the body of the HTTP error response. */
    public String operationOutcomeJson() {
        return operationOutcomeJson(status, getMessage());
    }

    /** An OperationOutcome for any HTTP error status, e.g. 401 from the server's authentication. */
    public static String operationOutcomeJson(int status, String message) {
        OperationOutcome.IssueType type = switch (status) {
            case 401, 403 -> OperationOutcome.IssueType.SECURITY;
            case 404 -> OperationOutcome.IssueType.NOTFOUND;
            case 412 -> OperationOutcome.IssueType.INCOMPLETE;
            case 413 -> OperationOutcome.IssueType.TOOCOSTLY;
            default -> status >= 500 ? OperationOutcome.IssueType.EXCEPTION : OperationOutcome.IssueType.INVALID;
        };
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(message);
        return AssessmentFhir.encode(outcome);
    }
}
