package org.ketaminecds.samples.springboot;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ketaminecds.fhir.cdshooks.CdsHooksRequests;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** The whole application, Spring MVC included, called as an EHR would: with a token signed by its own (ES384) key. */
@SpringBootTest(properties = "logging.level.org.drools=error") // the prebuilt rules' style warnings, not the test's concern
@AutoConfigureMockMvc
class CdsHooksControllerTest {

    static final String EHR = "https://ehr.example.org";
    static final String BASE_URL = "https://cds.example.org";
    static final String ORDER_SIGN = "/cds-services/ketamine-cds-order-sign";
    static final ECKey KEY = generate();

    @Autowired
    MockMvc mvc;

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_384).keyID("ehr-1").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void trustTheEhr(DynamicPropertyRegistry properties) {
        properties.add("ketamine-cds.base-url", () -> BASE_URL);
        properties.add("ketamine-cds.issuers[0].iss", () -> EHR);
        properties.add("ketamine-cds.issuers[0].jwks", () -> new JWKSet(KEY.toPublicJWK()).toString());
    }

    static String token(String audience) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("ehr-1").type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer(EHR).audience(audience).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build());
        jwt.sign(new ECDSASigner(KEY));
        return "Bearer " + jwt.serialize();
    }

    static String orderSign() throws Exception {
        return CdsHooksRequests.fromBundle("ketamine-cds-order-sign", Files.readString(Path.of("../cli/examples/aneurysm.json")),
                UUID.randomUUID().toString(), "ketamine-plan");
    }

    @Test
    void call_signedToken_200WithTheCriticalCard() throws Exception {
        mvc.perform(post(ORDER_SIGN).header("Authorization", token(BASE_URL + ORDER_SIGN))
                        .contentType(MediaType.APPLICATION_JSON).content(orderSign()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.cards[0].indicator").value("critical"))
                .andExpect(jsonPath("$.cards[0].detail").value(org.hamcrest.Matchers.containsString("KET-CONTRA-001")));
    }

    @Test
    void call_tokenSignedByAnotherKey_401OperationOutcome() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_384).keyID("ehr-1").generate();
        Instant now = Instant.now();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("ehr-1").build(),
                new JWTClaimsSet.Builder().issuer(EHR).audience(BASE_URL + ORDER_SIGN).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build());
        forged.sign(new ECDSASigner(stranger));

        mvc.perform(post(ORDER_SIGN).header("Authorization", "Bearer " + forged.serialize())
                        .contentType(MediaType.APPLICATION_JSON).content(orderSign()))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(jsonPath("$.resourceType").value("OperationOutcome"))
                .andExpect(jsonPath("$.issue[0].code").value("security"));
    }

    @Test
    void call_replayedToken_401() throws Exception {
        String token = token(BASE_URL + ORDER_SIGN);
        mvc.perform(post(ORDER_SIGN).header("Authorization", token).content(orderSign())).andExpect(status().isOk());

        mvc.perform(post(ORDER_SIGN).header("Authorization", token).content(orderSign()))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.issue[0].diagnostics").value(org.hamcrest.Matchers.containsString("replayed")));
    }

    @Test
    void discovery_signedToken_listsTheServices() throws Exception {
        mvc.perform(get("/cds-services").header("Authorization", token(BASE_URL + "/cds-services")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.services.length()").value(4));
    }

    @Test
    void call_unknownService_404OperationOutcome() throws Exception {
        String path = "/cds-services/no-such-service";
        mvc.perform(post(path).header("Authorization", token(BASE_URL + path)).content("{}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.resourceType").value("OperationOutcome"));
    }
}
