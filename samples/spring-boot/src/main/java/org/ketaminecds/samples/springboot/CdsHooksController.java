package org.ketaminecds.samples.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.ketaminecds.fhir.cdshooks.CdsHooksException;
import org.ketaminecds.fhir.cdshooks.CdsHooksJson;
import org.ketaminecds.fhir.cdshooks.CdsHooksService;
import org.ketaminecds.fhir.cdshooks.security.CdsHooksSecurity;
import org.ketaminecds.fhir.cdshooks.security.TokenRefusedException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CDS Hooks endpoints: discovery, the services and feedback. Every call's token is checked by the library's
 * {@link CdsHooksSecurity} (401 or 429), missing prefetch is fetched only from the caller's allow-listed FHIR server,
 * and every error is an OperationOutcome, as {@code ketamine-cds serve} answers.
 */
@RestController
@RequestMapping(path = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
class CdsHooksController {

    private static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

    private final CdsHooksService cds;
    private final CdsHooksSecurity security;
    private final String services;
    private final int maxRequestBytes;

    CdsHooksController(CdsHooksService cds, CdsHooksSecurity security, CdsHooksApplication.Settings settings) {
        this.cds = cds;
        this.security = security;
        this.services = settings.baseUrl().replaceAll("/+$", "") + "/cds-services";
        this.maxRequestBytes = settings.maxRequestBytes() == null ? 5_000_000 : settings.maxRequestBytes();
    }

    @GetMapping
    String discovery(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization)
            throws TokenRefusedException {
        security.verify(authorization, services);
        return CdsHooksJson.write(cds.discovery());
    }

    @PostMapping("/{id}")
    String call(@PathVariable("id") String id, @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                InputStream body) throws TokenRefusedException, CdsHooksException, IOException {
        String issuer = security.verify(authorization, services + "/" + id);
        String request = read(body);
        return cds.call(id, request, security.fetcherFor(issuer)).json(); // the fetch deadline starts here
    }

    @PostMapping("/{id}/feedback")
    ResponseEntity<Void> feedback(@PathVariable("id") String id,
                                  @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                  InputStream body) throws TokenRefusedException, CdsHooksException, IOException {
        security.verify(authorization, services + "/" + id, services + "/" + id + "/feedback");
        cds.feedback(id, read(body));
        return ResponseEntity.ok().build();
    }

    /** The body up to the limit, never more: a chunked or mis-declared body is cut off, not held whole. */
    private String read(InputStream body) throws IOException, CdsHooksException {
        byte[] bytes = body.readNBytes(maxRequestBytes + 1);
        if (bytes.length > maxRequestBytes) {
            throw new CdsHooksException(CdsHooksException.PAYLOAD_TOO_LARGE, "the request is larger than " + maxRequestBytes
                    + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @ExceptionHandler
    ResponseEntity<String> refused(TokenRefusedException e) {
        HttpHeaders headers = new HttpHeaders();
        e.headers().forEach(headers::add);
        return outcome(e.status(), e.getMessage(), headers); // the reason, never the token
    }

    @ExceptionHandler
    ResponseEntity<String> failed(CdsHooksException e) {
        return outcome(e.status(), e.getMessage(), new HttpHeaders());
    }

    private static ResponseEntity<String> outcome(int status, String message, HttpHeaders headers) {
        return ResponseEntity.status(status).headers(headers).contentType(FHIR_JSON)
                .body(CdsHooksException.operationOutcomeJson(status, message));
    }
}
