package org.ketaminecds.samples.cli.server;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.ketaminecds.fhir.cdshooks.CdsHooksException;

/**
 * Jetty's own errors, which never reach Javalin (a malformed request line or header: 400; headers too large: 431;
 * a URI too long: 414), as OperationOutcome JSON like every other error, instead of Jetty's HTML page.
 */
final class OperationOutcomeErrorHandler extends ErrorHandler {

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, CdsHooksServer.FHIR_JSON);
        return ByteBuffer.wrap(json(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
                                              int code, String message) throws IOException {
        response.setContentType(CdsHooksServer.FHIR_JSON);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json(code, message));
        baseRequest.setHandled(true);
    }

    private static String json(int status, String reason) {
        String message = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        return CdsHooksException.operationOutcomeJson(status, "HTTP " + status + ": " + message);
    }
}
