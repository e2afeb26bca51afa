package org.ketaminecds.samples.cli.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The workbench's HTTP side without a browser: what it refuses, and that it serves its pages and charts itself. */
class WorkbenchServerTest {

    private static Packages packages;
    private static Workbench workbench;

    @BeforeAll
    static void start() throws IOException {
        packages = new Packages(null);
        workbench = new Workbench(packages, null, null, true).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        workbench.close();
        packages.close();
    }

    @Test
    void pageAndChartLibrary_servedFromTheJar() throws IOException {
        assertThat(get("/", "127.0.0.1:" + workbench.port(), null)).startsWith("HTTP/1.1 200").contains("app.js");
        assertThat(get("/vendor/echarts.min.js", "127.0.0.1:" + workbench.port(), null)).startsWith("HTTP/1.1 200")
                .contains("echarts");
    }

    @Test
    void anotherOrigin_refused_noCorsHeaders() throws IOException {
        String response = get("/api/status", "127.0.0.1:" + workbench.port(), "https://evil.example");

        assertThat(response).startsWith("HTTP/1.1 403").doesNotContainIgnoringCase("Access-Control-Allow-Origin");
    }

    @Test
    void anotherHostName_refused_asADnsRebindingPageWouldSendIt() throws IOException {
        assertThat(get("/api/status", "evil.example:" + workbench.port(), null)).startsWith("HTTP/1.1 403");
        assertThat(get("/api/status", "localhost:" + workbench.port(), null)).startsWith("HTTP/1.1 200");
    }

    @Test
    void source_onlyTheRuleFilesOfThePackage() throws IOException {
        String host = "127.0.0.1:" + workbench.port();
        assertThat(get("/api/source?file=contraindications.drl", host, null)).startsWith("HTTP/1.1 200")
                .contains("rule \"KET-CONTRA-001");
        assertThat(get("/api/source?file=../../../etc/passwd", host, null)).startsWith("HTTP/1.1 400")
                .contains("no rule file");
        assertThat(get("/api/source?file=thresholds.yaml", host, null)).startsWith("HTTP/1.1 400");
    }

    @Test
    void assess_unusableBundle_aClearErrorNotAStackTrace() throws IOException {
        String response = post("/api/assess", "{\"bundle\": \"{\\\"resourceType\\\": \\\"Patient\\\"}\"}");

        assertThat(response).startsWith("HTTP/1.1 400").contains("\"error\"").doesNotContain("at org.");
    }

    private static String get(String path, String host, String origin) throws IOException {
        return exchange("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "Connection: close\r\n\r\n");
    }

    private static String post(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return exchange("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + workbench.port()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n"
                + json);
    }

    /** Raw HTTP: a client library would not let a test set the Host header. */
    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", workbench.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
