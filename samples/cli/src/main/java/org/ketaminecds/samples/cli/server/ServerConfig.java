package org.ketaminecds.samples.cli.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.ketaminecds.core.RuleFolderPolicy;
import org.ketaminecds.fhir.cdshooks.CdsHooksService;
import org.ketaminecds.fhir.cdshooks.security.FhirServerAllowList;

/**
 * The server's configuration file (YAML or JSON):
 *
 * <pre>
 * baseUrl: https://cds.example.org           # the URL clients call: token audiences are checked against it
 * issuers:                                    # the CDS clients trusted to call, each with its public keys
 *   - iss: https://ehr.example.org
 *     jwksUrl: https://ehr.example.org/.well-known/jwks.json
 *     fhirServers: [https://ehr.example.org/fhir]  # where its calls' missing prefetch may be fetched (none: nowhere)
 *     maxCallsPerSecond: 200                  # sizes its replay cache (default 200)
 *   - iss: https://other-ehr.example.org
 *     jwks: { keys: [ { kty: EC, crv: P-384, kid: k1, x: ..., y: ... } ] }
 * cors: { allowedOrigins: [https://sandbox.cds-hooks.org] }   # none by default
 * maxRequestBytes: 5000000
 * maxTokenLifetimeSeconds: 300
 * maxFeedbackItems: 100
 * maxConcurrentCalls: 8                       # default: twice the processors, at least 4
 * maxQueuedCalls: 64                          # calls waiting beyond these get 503 with Retry-After
 * fetch: { timeoutSeconds: 10, maxPages: 50, maxBytes: 20000000 }   # per call, all missing prefetch together
 * feedbackFile: ketamine-cds-feedback.jsonl
 * documentationUrl: https://intranet.example.org/ketamine-cds/rules.html   # cards' source.url (optional)
 * rules:                                      # for --rules DIR (docs/security.md, "Rule folders")
 *   trustedKeys: [committee-2026.pub.pem]     # Ed25519 public keys (PEM) whose signature a rule folder needs
 *   maxFileBytes: 16777216                    # size limits, checked before a byte of the folder is read
 *   maxTotalBytes: 67108864
 *   maxFiles: 5000
 * shutdownGraceSeconds: 20                    # on SIGTERM, how long calls in flight may take to finish
 * </pre>
 *
 * Every setting may also come from an environment variable, which wins over the file: the setting's path in upper
 * snake case after {@code KETAMINE_CDS_} ({@code fetch.timeoutSeconds} is {@code KETAMINE_CDS_FETCH_TIMEOUT_SECONDS});
 * lists are comma-separated; {@code KETAMINE_CDS_ISSUERS} holds the issuers as YAML or JSON ({@link #ENVIRONMENT}).
 */
public record ServerConfig(String baseUrl, List<Issuer> issuers, Cors cors, Long maxRequestBytes,
                           Integer maxTokenLifetimeSeconds, Integer maxFeedbackItems, Integer maxConcurrentCalls,
                           Integer maxQueuedCalls, Fetch fetch, String feedbackFile, String documentationUrl,
                           Rules rules, Integer shutdownGraceSeconds) {

    /** The settings an environment variable may set, by path; the variable is {@link #environmentName} of it. */
    static final List<String> ENVIRONMENT = List.of("baseUrl", "issuers", "cors.allowedOrigins", "maxRequestBytes",
            "maxTokenLifetimeSeconds", "maxFeedbackItems", "maxConcurrentCalls", "maxQueuedCalls", "fetch.timeoutSeconds",
            "fetch.maxPages", "fetch.maxBytes", "feedbackFile", "documentationUrl", "rules.trustedKeys",
            "rules.maxFileBytes", "rules.maxTotalBytes", "rules.maxFiles", "shutdownGraceSeconds");
    private static final List<String> LISTS = List.of("cors.allowedOrigins", "rules.trustedKeys");
    static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 20;

    static final long DEFAULT_MAX_REQUEST_BYTES = 5_000_000;
    /** The body is held as one array and one string: beyond this a single request could take gigabytes. */
    static final long MOST_REQUEST_BYTES = 1L << 30;
    static final int DEFAULT_MAX_TOKEN_LIFETIME = 300;
    /** Per issuer, about 150 bytes each: 10 million is some 1.5 GB, more than a sample server should hold. */
    static final long MOST_TOKEN_IDS_KEPT = 10_000_000;
    static final int DEFAULT_MAX_QUEUED_CALLS = 64;

    public ServerConfig {
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
        cors = cors == null ? new Cors(List.of()) : cors;
        maxRequestBytes = maxRequestBytes == null ? DEFAULT_MAX_REQUEST_BYTES : maxRequestBytes;
        maxTokenLifetimeSeconds = maxTokenLifetimeSeconds == null ? DEFAULT_MAX_TOKEN_LIFETIME : maxTokenLifetimeSeconds;
        maxFeedbackItems = maxFeedbackItems == null ? CdsHooksService.DEFAULT_MAX_FEEDBACK_ITEMS : maxFeedbackItems;
        maxConcurrentCalls = maxConcurrentCalls == null ? Math.max(4, 2 * Runtime.getRuntime().availableProcessors())
                : maxConcurrentCalls;
        maxQueuedCalls = maxQueuedCalls == null ? DEFAULT_MAX_QUEUED_CALLS : maxQueuedCalls;
        fetch = fetch == null ? new Fetch(null, null, null) : fetch;
        rules = rules == null ? new Rules(null, null, null, null) : rules;
        shutdownGraceSeconds = shutdownGraceSeconds == null ? DEFAULT_SHUTDOWN_GRACE_SECONDS : shutdownGraceSeconds;
    }

    /** {@code fetch.timeoutSeconds} -> {@code KETAMINE_CDS_FETCH_TIMEOUT_SECONDS}. */
    static String environmentName(String path) {
        return "KETAMINE_CDS_" + path.replace(".", "_").replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * A trusted client: its issuer, either a JWKS URL or inline public keys, the FHIR servers its calls may have
     * missing prefetch fetched from, and the rate it may call at (which sizes its replay cache).
     */
    public record Issuer(String iss, String jwksUrl, JsonNode jwks, List<String> fhirServers, Integer maxCallsPerSecond) {

        static final int DEFAULT_MAX_CALLS_PER_SECOND = 200;

        public Issuer {
            fhirServers = fhirServers == null ? List.of() : List.copyOf(fhirServers);
            maxCallsPerSecond = maxCallsPerSecond == null ? DEFAULT_MAX_CALLS_PER_SECOND : maxCallsPerSecond;
        }
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

    /** The limits of one call's fetching of missing prefetch, all queries and pages together. */
    public record Fetch(Integer timeoutSeconds, Integer maxPages, Long maxBytes) {
        public Fetch {
            timeoutSeconds = timeoutSeconds == null ? (int) FhirServerAllowList.DEFAULT_TIMEOUT.toSeconds() : timeoutSeconds;
            maxPages = maxPages == null ? FhirServerAllowList.DEFAULT_MAX_PAGES : maxPages;
            maxBytes = maxBytes == null ? FhirServerAllowList.DEFAULT_MAX_BYTES : maxBytes;
        }
    }

    static ServerConfig defaults() {
        return new ServerConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Reads and checks a file; the message of the exception says what to fix, in one line. */
    static ServerConfig read(Path file) {
        return read(file, Map.of());
    }

    /**
     * Reads and checks a file (null: none) with the environment's {@code KETAMINE_CDS_...} settings over it; the
     * message of the exception says what to fix, in one line, naming the file or the variable.
     */
    static ServerConfig read(Path file, Map<String, String> environment) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        List<String> fromEnvironment = new java.util.ArrayList<>();
        String source = file == null ? "the environment" : file.toString();
        ServerConfig config;
        try {
            JsonNode tree = file == null ? null : yaml.readTree(file.toFile());
            ObjectNode root = tree instanceof ObjectNode o ? o : yaml.createObjectNode();
            if (tree != null && !tree.isMissingNode() && !tree.isNull() && !tree.isObject()) {
                throw new IllegalArgumentException(file + ": expected a map of settings");
            }
            for (String path : ENVIRONMENT) {
                String value = environment.get(environmentName(path));
                if (value != null) {
                    fromEnvironment.add(environmentName(path));
                    set(root, path, environmentValue(yaml, path, value));
                }
            }
            if (!fromEnvironment.isEmpty()) {
                source = (file == null ? "" : file + " with ") + String.join(", ", fromEnvironment);
            }
            config = root.isEmpty() ? null : yaml.treeToValue(root, ServerConfig.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IllegalArgumentException(file + ": the file does not exist");
        } catch (UnrecognizedPropertyException e) {
            if ("fhirServers".equals(e.getPropertyName()) && e.getPath().size() == 1) {
                throw new IllegalArgumentException(file + ": 'fhirServers' is set per issuer now (issuers[].fhirServers):"
                        + " missing prefetch is fetched only from the servers of the issuer whose token made the call");
            }
            throw new IllegalArgumentException(source + ": unknown setting '" + e.getPropertyName() + "' (at "
                    + e.getPathReference() + ")");
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(source + ": " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + " (at " + e.getPathReference() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
        }
        return checked(config == null ? defaults() : config, source);
    }

    /** A variable's text as the setting's value: a list split at commas, issuers parsed, any other a scalar. */
    private static JsonNode environmentValue(ObjectMapper yaml, String path, String value) throws IOException {
        if (LISTS.contains(path)) {
            var array = yaml.createArrayNode();
            java.util.Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).forEach(array::add);
            return array;
        }
        if (path.equals("issuers")) {
            try {
                return yaml.readTree(value);
            } catch (IOException e) {
                throw new IllegalArgumentException(environmentName(path) + ": not YAML or JSON: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return TextNode.valueOf(value);
    }

    private static void set(ObjectNode root, String path, JsonNode value) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            root.set(path, value);
            return;
        }
        JsonNode parent = root.get(path.substring(0, dot));
        ObjectNode object = parent instanceof ObjectNode o ? o : root.putObject(path.substring(0, dot));
        object.set(path.substring(dot + 1), value);
    }

    private static ServerConfig checked(ServerConfig config, String file) {
        atLeast(file, "maxTokenLifetimeSeconds", config.maxTokenLifetimeSeconds(), 1, 86_400);
        for (int i = 0; i < config.issuers().size(); i++) {
            Issuer issuer = config.issuers().get(i);
            if (issuer == null || issuer.iss() == null || issuer.iss().isBlank()) {
                throw new IllegalArgumentException(file + ": issuers[" + i + "] needs 'iss'");
            }
            if ((issuer.jwksUrl() == null) == (issuer.jwks() == null)) {
                throw new IllegalArgumentException(file + ": issuers[" + i + "] (" + issuer.iss()
                        + ") needs exactly one of 'jwksUrl' and 'jwks'");
            }
            atLeast(file, "issuers[" + i + "].maxCallsPerSecond", issuer.maxCallsPerSecond(), 1, 100_000);
            long ids = JwtVerifier.replayCapacity(issuer, config.maxTokenLifetimeSeconds());
            if (ids > MOST_TOKEN_IDS_KEPT) {
                throw new IllegalArgumentException(file + ": issuers[" + i + "]: maxCallsPerSecond x (maxTokenLifetimeSeconds"
                        + " + 2 min of clock skew) = " + ids + " token ids to keep for replay checks; at most "
                        + MOST_TOKEN_IDS_KEPT + ": lower one of them");
            }
        }
        atLeast(file, "maxRequestBytes", config.maxRequestBytes(), 1, MOST_REQUEST_BYTES);
        atLeast(file, "maxFeedbackItems", config.maxFeedbackItems(), 1, 100_000);
        atLeast(file, "maxConcurrentCalls", config.maxConcurrentCalls(), 1, 10_000);
        atLeast(file, "maxQueuedCalls", config.maxQueuedCalls(), 0, 1_000_000);
        atLeast(file, "fetch.timeoutSeconds", config.fetch().timeoutSeconds(), 1, 600);
        atLeast(file, "fetch.maxPages", config.fetch().maxPages(), 1, 10_000);
        atLeast(file, "fetch.maxBytes", config.fetch().maxBytes(), 1, MOST_REQUEST_BYTES);
        atLeast(file, "shutdownGraceSeconds", config.shutdownGraceSeconds(), 0, 3_600);
        return config;
    }

    private static void atLeast(String file, String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(file + ": " + key + " must be between " + min + " and " + max + ", not " + value);
        }
    }
}
