package org.ketaminecds.samples.cli.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.ketaminecds.core.RuleFolderPolicy;

/**
 * The server's configuration file (YAML or JSON):
 *
 * <pre>
 * baseUrl: https://cds.example.org           # the URL clients call: token audiences are checked against it
 * issuers:                                    # the CDS clients trusted to call, each with its public keys
 *   - iss: https://ehr.example.org
 *     jwksUrl: https://ehr.example.org/.well-known/jwks.json
 *   - iss: https://other-ehr.example.org
 *     jwks: { keys: [ { kty: EC, crv: P-384, kid: k1, x: ..., y: ... } ] }
 * cors: { allowedOrigins: [https://sandbox.cds-hooks.org] }   # none by default
 * maxRequestBytes: 5000000
 * maxTokenLifetimeSeconds: 300
 * feedbackFile: ketamine-cds-feedback.jsonl
 * documentationUrl: https://intranet.example.org/ketamine-cds/rules.html   # cards' source.url (optional)
 * fhirServers: [https://ehr.example.org/fhir]  # the only servers missing prefetch is fetched from (optional)
 * rules:                                      # for --rules DIR (docs/security.md, "Rule folders")
 *   trustedKeys: [committee-2026.pub.pem]     # Ed25519 public keys (PEM) whose signature a rule folder needs
 *   maxFileBytes: 16777216                    # size limits, checked before a byte of the folder is read
 *   maxTotalBytes: 67108864
 *   maxFiles: 5000
 * </pre>
 */
public record ServerConfig(String baseUrl, List<Issuer> issuers, Cors cors, Long maxRequestBytes,
                           Integer maxTokenLifetimeSeconds, String feedbackFile, String documentationUrl,
                           List<String> fhirServers, Rules rules) {

    static final long DEFAULT_MAX_REQUEST_BYTES = 5_000_000;
    static final int DEFAULT_MAX_TOKEN_LIFETIME = 300;

    public ServerConfig {
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
        cors = cors == null ? new Cors(List.of()) : cors;
        maxRequestBytes = maxRequestBytes == null ? DEFAULT_MAX_REQUEST_BYTES : maxRequestBytes;
        maxTokenLifetimeSeconds = maxTokenLifetimeSeconds == null ? DEFAULT_MAX_TOKEN_LIFETIME : maxTokenLifetimeSeconds;
        fhirServers = fhirServers == null ? List.of() : List.copyOf(fhirServers);
        rules = rules == null ? new Rules(null, null, null, null) : rules;
    }

    /** A trusted client: its issuer and either a JWKS URL or inline public keys. */
    public record Issuer(String iss, String jwksUrl, JsonNode jwks) {
    }

    /**
     * How {@code serve --rules} loads a rule folder: the keys it trusts to have signed it (paths, relative to the
     * working directory like feedbackFile) and the folder's size limits (defaults: {@link RuleFolderPolicy}'s).
     */
    public record Rules(List<String> trustedKeys, Long maxFileBytes, Long maxTotalBytes, Integer maxFiles) {
        public Rules {
            trustedKeys = trustedKeys == null ? List.of() : List.copyOf(trustedKeys);
            maxFileBytes = maxFileBytes == null ? RuleFolderPolicy.DEFAULT_MAX_FILE_BYTES : maxFileBytes;
            maxTotalBytes = maxTotalBytes == null ? RuleFolderPolicy.DEFAULT_MAX_TOTAL_BYTES : maxTotalBytes;
            maxFiles = maxFiles == null ? RuleFolderPolicy.DEFAULT_MAX_FILES : maxFiles;
        }
    }

    public record Cors(List<String> allowedOrigins) {
        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }

    static ServerConfig defaults() {
        return new ServerConfig(null, null, null, null, null, null, null, null, null);
    }

    /** Reads and checks a file; the message of the exception says what to fix, in one line. */
    static ServerConfig read(Path file) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ServerConfig config;
        try {
            config = yaml.readValue(file.toFile(), ServerConfig.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IllegalArgumentException(file + ": the file does not exist");
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(file + ": " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + " (at " + e.getPathReference() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
        }
        if (config == null) {
            return defaults();
        }
        for (int i = 0; i < config.issuers().size(); i++) {
            Issuer issuer = config.issuers().get(i);
            if (issuer == null || issuer.iss() == null || issuer.iss().isBlank()) {
                throw new IllegalArgumentException(file + ": issuers[" + i + "] needs 'iss'");
            }
            if ((issuer.jwksUrl() == null) == (issuer.jwks() == null)) {
                throw new IllegalArgumentException(file + ": issuers[" + i + "] (" + issuer.iss()
                        + ") needs exactly one of 'jwksUrl' and 'jwks'");
            }
        }
        return config;
    }
}
