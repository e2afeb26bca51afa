package org.ketaminecds.samples.cli.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One JSON line per call, for log shippers: time, request id, method, endpoint template, service, status, duration
 * and the knowledge package. Nothing a caller sent is written but a request id that is a plain token: never a
 * patient id, a body or a token.
 */
final class AccessLog {

    private static final JsonFactory JSON = new JsonFactory();
    /** A caller's request id is echoed only when it cannot carry anything else (no spaces, quotes, control codes). */
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private AccessLog() {
    }

    /** The caller's {@code X-Request-Id} when it is a plain token, else a new random one. */
    static String requestId(String fromCaller) {
        return fromCaller != null && PLAIN_ID.matcher(fromCaller).matches() ? fromCaller : UUID.randomUUID().toString();
    }

    static String line(String requestId, String method, String endpoint, String service, int status, long nanos,
                       String knowledge) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", Instant.now().toString());
            g.writeStringField("event", "http_call");
            g.writeStringField("requestId", requestId);
            g.writeStringField("method", method);
            g.writeStringField("endpoint", endpoint);
            g.writeStringField("service", service);
            g.writeNumberField("status", status);
            g.writeNumberField("durationMs", Math.round(nanos / 10_000.0) / 100.0);
            g.writeStringField("knowledge", knowledge);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
