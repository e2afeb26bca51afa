package org.ketaminecds.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.ketaminecds.fhir.cdshooks.CdsHooksRequests;

/**
 * The HTTP budget of DESIGN.md, measured on the loopback: starts {@code ketamine-cds serve} (auth on, trusting a key
 * made here) in its own JVM, then sends patient-view calls with a 50-resource prefetch and a fresh signed token
 * each. Bounded in count and time; loopback only. Run from the repository root after {@code package}:
 *
 * <pre>java -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" org.ketaminecds.benchmarks.CdsHooksLoad</pre>
 *
 * Phases: warm-up; closed loop with {@code -Dclients=8} concurrent clients ({@code -Drequests=10000}); open loop at
 * {@code -Drate=500}/s for {@code -Dseconds=10}, latency counted from each call's scheduled time (no coordinated
 * omission). Tokens are signed with {@code -Dalg=RS384} (default: what EHRs commonly sign with), {@code ES256} or
 * {@code ES384}: an ECDSA check costs the server several times an RSA one. Each phase also reports the server's CPU
 * per call: the server process's CPU time over the phase divided by its calls (the client's CPU is not in it).
 */
public final class CdsHooksLoad {

    static final String ISSUER = "https://load-client.example.org";
    static final String SERVICE = "ketamine-cds-patient-view";
    static final Duration DEADLINE = Duration.ofMinutes(4);

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("clients", 8);
        int requests = Integer.getInteger("requests", 10_000);
        int rate = Integer.getInteger("rate", 500);
        int seconds = Integer.getInteger("seconds", 10);
        int warmup = Integer.getInteger("warmup", 4_000);
        Instant deadline = Instant.now().plus(DEADLINE);

        JWSAlgorithm alg = JWSAlgorithm.parse(System.getProperty("alg", "RS384"));
        JWK key = signingKey(alg);
        JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
        Path config = Files.createTempFile("ketamine-cds-load", ".yaml");
        Path feedback = Files.createTempFile("ketamine-cds-load", ".jsonl");
        Files.writeString(config, "issuers:\n  - iss: " + ISSUER + "\n    jwks: " + new JWKSet(key.toPublicJWK()) + "\n");
        List<String> command = new ArrayList<>(List.of("java", "-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"));
        // e.g. -DserverJvmArgs=-XX:StartFlightRecording=filename=serve.jfr,settings=profile to profile the server
        String serverJvmArgs = System.getProperty("serverJvmArgs", "");
        if (!serverJvmArgs.isBlank()) {
            command.addAll(List.of(serverJvmArgs.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", "samples/cli/target/ketamine-cds.jar", "serve", "--port", "0", "--config",
                config.toString(), "--feedback", feedback.toString()));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String base = awaitStart(server);
            String body = CdsHooksRequests.fromBundle(SERVICE, TypicalRecords.syntheaBundleOf50(), "load", null);
            String audience = base + "/cds-services/" + SERVICE;
            int total = warmup + requests + rate * seconds;
            System.out.printf("server up at %s; signing %,d tokens (%s)...%n", base, total, alg);
            ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();
            IntStream.range(0, total).parallel().forEach(i -> tokens.add(token(signer, alg, key.getKeyID(), audience)));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create(audience);
            System.out.printf("request body %,d bytes (%d prefetched resources)%n", body.length(), 50);

            ServerCpu cpu = new ServerCpu(server.toHandle());
            closedLoop("warm-up", http, uri, body, tokens, 4, warmup, deadline, cpu);
            closedLoop("throughput", http, uri, body, tokens, clients, requests, deadline, cpu);
            openLoop(http, uri, body, tokens, rate, seconds, deadline, cpu);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(config);
            Files.deleteIfExists(feedback);
        }
    }

    private static String awaitStart(Process server) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on ([0-9.]+):(\\d+)");
        for (String line; (line = lines.readLine()) != null; ) {
            Matcher m = listening.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> lines.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return "http://" + m.group(1) + ":" + m.group(2);
            }
        }
        throw new IllegalStateException("the server did not start (build it first: ./mvnw -B -q -DskipTests package)");
    }

    /** A key for the algorithm: ES256 (the default), ES384 or RS384 (what CDS Hooks EHRs commonly sign with). */
    static JWK signingKey(JWSAlgorithm alg) throws JOSEException {
        if (alg.equals(JWSAlgorithm.ES256) || alg.equals(JWSAlgorithm.ES384)) {
            return new ECKeyGenerator(alg.equals(JWSAlgorithm.ES256) ? Curve.P_256 : Curve.P_384).keyID("load-1").generate();
        }
        if (alg.equals(JWSAlgorithm.RS384)) {
            return new RSAKeyGenerator(2048).keyID("load-1").generate();
        }
        throw new IllegalArgumentException("-Dalg: ES256, ES384 or RS384, not " + alg);
    }

    static String token(JWSSigner signer, JWSAlgorithm alg, String keyId, String audience) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(audience).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(240))).jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(keyId).type(JOSEObjectType.JWT)
                .build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static HttpRequest request(URI uri, String body, String token) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void closedLoop(String name, HttpClient http, URI uri, String body, ConcurrentLinkedQueue<String> tokens,
                                   int clients, int count, Instant deadline, ServerCpu cpu) throws Exception {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        cpu.startPhase();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < count && Instant.now().isBefore(deadline); ) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(request(uri, body, tokens.poll()), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - t0;
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        double secs = (System.nanoTime() - start) / 1e9;
        int done = Math.min(next.get(), count);
        report(name + " (" + clients + " clients)", Arrays.copyOf(latencies, done), secs, failures.get());
        cpu.report(done);
    }

    private static void openLoop(HttpClient http, URI uri, String body, ConcurrentLinkedQueue<String> tokens, int rate,
                                 int seconds, Instant deadline, ServerCpu cpu) throws Exception {
        int count = rate * seconds;
        long[] latencies = new long[count];
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger(); // 503: the server's queue was full, answered at once
        List<CompletableFuture<Void>> calls = new ArrayList<>(count);
        cpu.startPhase();
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < count && Instant.now().isBefore(deadline); i++) {
            long scheduled = start + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int index = i;
            calls.add(http.sendAsync(request(uri, body, tokens.poll()), HttpResponse.BodyHandlers.ofString())
                    .handle((r, e) -> {
                        latencies[index] = System.nanoTime() - scheduled;
                        if (e != null || r.statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                        if (e == null && r.statusCode() == 503) {
                            busy.incrementAndGet();
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        report("fixed rate " + rate + "/s for " + seconds + " s", Arrays.copyOf(latencies, calls.size()),
                (System.nanoTime() - start) / 1e9, failures.get());
        System.out.printf("%-32s of the non-200, 503 busy (with Retry-After): %d; anything else: %d%n", "",
                busy.get(), failures.get() - busy.get());
        cpu.report(calls.size());
    }

    /** The server process's CPU time (all its threads, user + system, from /proc) per call of a phase. */
    private static final class ServerCpu {
        private final ProcessHandle server;
        private Duration atStart = Duration.ZERO;

        ServerCpu(ProcessHandle server) {
            this.server = server;
        }

        void startPhase() {
            atStart = now();
        }

        void report(int calls) {
            Duration used = now().minus(atStart);
            System.out.printf("%-32s server CPU %,.1f s for %,d calls = %.3f ms per call%n", "",
                    used.toMillis() / 1e3, calls, calls == 0 ? 0 : used.toNanos() / 1e6 / calls);
        }

        private Duration now() {
            return server.info().totalCpuDuration().orElse(Duration.ZERO);
        }
    }

    private static void report(String name, long[] nanos, double seconds, int failures) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-32s %,7d requests in %5.1f s = %,7.0f req/s; p50 %6.2f ms, p90 %6.2f ms, p99 %6.2f ms,"
                        + " max %7.2f ms; non-200: %d%n", name, sorted.length, seconds, sorted.length / seconds,
                pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6, failures);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
