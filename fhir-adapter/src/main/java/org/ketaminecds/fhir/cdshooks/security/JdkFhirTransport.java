package org.ketaminecds.fhir.cdshooks.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The default transport: the JDK's HTTP client, HTTP/1.1, no redirects followed, the body read up to its limit. */
final class JdkFhirTransport implements FhirTransport {

    private final HttpClient http;

    JdkFhirTransport(Duration connectTimeout) {
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER) // the guard follows them, same origin only
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    @Override
    public Response get(Request request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> response = http.sendAsync(HttpRequest.newBuilder(request.uri())
                .header("Accept", "application/fhir+json")
                .header("Authorization", "Bearer " + request.accessToken())
                .timeout(request.timeout())
                .GET().build(), info -> new Limited(request.maxBytes()));
        try {
            // the request timeout covers the headers only: a server dripping its body is cut off here
            HttpResponse<byte[]> done = response.get(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
            Map<String, String> headers = new HashMap<>();
            done.headers().firstValue("Location").ifPresent(v -> headers.put("Location", v));
            done.headers().firstValue("Retry-After").ifPresent(v -> headers.put("Retry-After", v));
            return new Response(done.statusCode(), headers, done.body());
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + request.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            response.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
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
}
