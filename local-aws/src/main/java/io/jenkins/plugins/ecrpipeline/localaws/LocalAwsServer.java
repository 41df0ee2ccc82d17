package io.jenkins.plugins.ecrpipeline.localaws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * AWS endpoints on one loopback port: instance metadata ({@code /latest/...}), STS (query protocol), ECR (JSON
 * 1.1) with the token endpoint of its per-account registries, and the admin API that switches faults
 * ({@code /_local-aws/faults}). Signed API calls are checked with SigV4 against credentials this server issued.
 */
public final class LocalAwsServer implements AutoCloseable {
    static final String ADMIN_FAULTS = "/_local-aws/faults";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());

    private final HttpServer http;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-aws");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final AtomicReference<Faults> faults = new AtomicReference<>(Faults.none());
    private final AtomicLong apiCalls = new AtomicLong();
    private final SigV4Verifier verifier;
    private final ImdsEndpoint imds;
    private final StsEndpoint sts;
    private final Map<String, AccountRegistry> registries = new java.util.LinkedHashMap<>();
    private final CredentialAuthority authority;
    private final LocalAwsSettings settings;
    private EcrEndpoint ecr;
    private RegistryTokenEndpoint registryTokens;
    private EcrPasswords passwords;

    private LocalAwsServer(HttpServer http, LocalAwsSettings settings, Clock clock) {
        this.http = http;
        this.settings = settings;
        this.authority = new CredentialAuthority(clock);
        this.verifier = new SigV4Verifier(authority, clock);
        this.imds = new ImdsEndpoint(settings, authority, faults::get, clock, stopped);
        this.sts = new StsEndpoint(settings, authority, faults::get);
    }

    /** Starts IMDS and STS on 127.0.0.1 at {@code port} (0: any free port), without ECR. */
    public static LocalAwsServer start(LocalAwsSettings settings, int port, Clock clock) throws IOException {
        // Without TCP_NODELAY the JDK server's small header and body writes meet the client's delayed ACK:
        // about 40 ms per call. The JDK reads this property once, when its server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        LocalAwsServer server = new LocalAwsServer(http, settings, clock);
        http.createContext("/", server::dispatch);
        http.setExecutor(server.executor);
        http.start();
        return server;
    }

    /**
     * Starts IMDS, STS and ECR, with one real registry ({@code docker-registry}) per account whose storage and
     * signing key live under {@code stateDir}.
     */
    public static LocalAwsServer startWithEcr(LocalAwsSettings settings, int port, Clock clock, java.nio.file.Path stateDir)
            throws IOException, InterruptedException {
        return startWithEcr(settings, port, clock, stateDir, 0);
    }

    /**
     * As {@link #startWithEcr(LocalAwsSettings, int, Clock, java.nio.file.Path)}, with the registry of the n-th account
     * on {@code registryBasePort + n}: fixed ports keep a docker login made "once for the whole agent" valid across
     * restarts. 0 picks free ports.
     */
    public static LocalAwsServer startWithEcr(LocalAwsSettings settings, int port, Clock clock, java.nio.file.Path stateDir,
            int registryBasePort) throws IOException, InterruptedException {
        LocalAwsServer server = start(settings, port, clock);
        try {
            RegistryTokenSigner signer = RegistryTokenSigner.loadOrCreate(stateDir, clock);
            URI realm = server.endpoint().resolve(RegistryTokenEndpoint.PATH);
            EcrRepositories repositories = new EcrRepositories();
            for (int i = 0; i < settings.accounts().size(); i++) {
                String account = settings.accounts().get(i);
                server.registries.put(account, AccountRegistry.start(account, stateDir.resolve("registry-" + account), realm,
                        RegistryTokenSigner.certificateFile(stateDir), registryBasePort == 0 ? 0 : registryBasePort + i, repositories, signer,
                        clock));
            }
            EcrPasswords passwords = new EcrPasswords(clock);
            server.passwords = passwords;
            EcrEndpoint ecr = new EcrEndpoint(server.registries, repositories, passwords, new RegistryAdminClient(signer),
                    () -> server.faults().authorizationTokenLifetime() != null ? server.faults().authorizationTokenLifetime()
                            : settings.authorizationTokenLifetime(), server::faults, clock);
            server.registryTokens = new RegistryTokenEndpoint(passwords, signer, repositories::exists, clock);
            server.ecr = ecr;
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Every secret this server has handed out: secret keys and session tokens (instance role and assumed roles) and ECR
     * passwords. For tests that search what a tool wrote for secrets; never printed.
     */
    public java.util.Set<String> issuedSecrets() {
        java.util.Set<String> secrets = new java.util.HashSet<>(authority.issuedSecrets());
        if (passwords != null) {
            secrets.addAll(passwords.issued());
        }
        return secrets;
    }

    /**
     * Long-term access keys of an IAM user named {@code user} in {@code account}, as IAM's CreateAccessKey gives them:
     * what a team stores in Jenkins as AWS credentials. They sign requests without a session token.
     */
    public AccessKey issueUserKeys(String account, String user) {
        if (!settings.accounts().contains(account)) {
            throw new IllegalArgumentException("not a local account: " + account + " (accounts: " + settings.accounts() + ")");
        }
        IssuedCredentials keys = authority.issueUserKeys(account, user);
        return new AccessKey(keys.accessKeyId(), keys.secretAccessKey(), keys.arn());
    }

    /** An IAM user's access key and the user's ARN. */
    public record AccessKey(String accessKeyId, String secretAccessKey, String arn) {
        @Override
        public String toString() {
            // Never print the secret, even in a failed assertion.
            return "AccessKey[" + accessKeyId + ", " + arn + "]";
        }
    }

    /** The registry host ({@code 127.0.0.1:port}) of each account, in settings order: the front that clients use. */
    public Map<String, String> registryHosts() {
        Map<String, String> hosts = new java.util.LinkedHashMap<>();
        registries.forEach((account, registry) -> hosts.put(account, registry.host()));
        return hosts;
    }

    /** What the account's registry front saw of blob transfers, and the blob reads it refuses (for tests). */
    public BlobTraffic blobTraffic(String account) {
        AccountRegistry registry = registries.get(account);
        if (registry == null) {
            throw new IllegalArgumentException("not a local account with a registry: " + account + " (accounts: " + registries.keySet() + ")");
        }
        return registry.traffic();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    public void setFaults(Faults newFaults) {
        faults.set(newFaults);
    }

    public Faults faults() {
        return faults.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopped.countDown();
        http.stop(0);
        executor.shutdownNow();
        registries.values().forEach(AccountRegistry::close);
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith("/latest/")) {
                imds.handle(exchange, path);
            } else if (path.equals(RegistryTokenEndpoint.PATH) && registryTokens != null) {
                registryTokens.handle(exchange);
            } else if (path.equals(ADMIN_FAULTS)) {
                admin(exchange);
            } else if (exchange.getRequestMethod().equals("POST") && path.equals("/")) {
                api(exchange);
            } else {
                Exchanges.send(exchange, 404, "text/plain", "no such endpoint: " + path);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (RuntimeException e) {
            Exchanges.send(exchange, 500, "text/plain", "internal error: " + e);
        }
    }

    private void api(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = Exchanges.body(exchange);
        Map<String, java.util.List<String>> headers = Exchanges.headers(exchange);
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        boolean json = target != null;
        try {
            injectFaults();
            SigV4Verifier.Caller caller = verifier.verify(new SigV4Verifier.SignedRequest(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), headers, body));
            if (json) {
                if (ecr == null || !target.startsWith(EcrEndpoint.TARGET_PREFIX)) {
                    throw new AwsErrorException(400, "UnknownOperationException", null);
                }
                requireService(caller, "ecr");
                com.fasterxml.jackson.databind.JsonNode input = body.length == 0 ? JSON.createObjectNode() : readJson(body);
                String result = ecr.call(target.substring(EcrEndpoint.TARGET_PREFIX.length()), input, caller).toString();
                Exchanges.send(exchange, 200, "application/x-amz-json-1.1", result);
                return;
            }
            requireService(caller, "sts");
            String response = sts.call(StsEndpoint.form(body), caller.credentials());
            Exchanges.send(exchange, 200, "text/xml", response);
        } catch (AwsErrorException e) {
            if (json) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", e.code());
                Exchanges.send(exchange, e.status(), "application/x-amz-json-1.1",
                        JSON.createObjectNode().put("__type", e.code()).put("message", e.getMessage()).toString());
            } else {
                AwsErrorException sts = StsErrors.translate(e);
                Exchanges.send(exchange, sts.status(), "text/xml", StsEndpoint.error(sts));
            }
        }
    }

    private static void requireService(SigV4Verifier.Caller caller, String service) {
        if (!caller.service().equals(service)) {
            throw new AwsErrorException(403, "InvalidSignatureException", "Credential should be scoped to correct service: '" + service + "'. ");
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AwsErrorException(400, "SerializationException", "The request body is not valid JSON");
        }
    }

    private void injectFaults() throws InterruptedException {
        Faults f = faults.get();
        if (!f.latency().isZero()) {
            Thread.sleep(f.latency().toMillis());
        }
        long n = apiCalls.incrementAndGet();
        if (f.throttleEvery() > 0 && n % f.throttleEvery() == 0) {
            throw new AwsErrorException(400, "ThrottlingException", "Rate exceeded");
        }
        if (f.serverErrorEvery() > 0 && n % f.serverErrorEvery() == 0) {
            throw new AwsErrorException(500, "ServerException", "We encountered an internal error. Please try again.");
        }
        if (f.unavailableEvery() > 0 && n % f.unavailableEvery() == 0) {
            throw new AwsErrorException(503, "ServiceUnavailableException", "Service Unavailable");
        }
    }

    /** GET shows the faults in force; PUT replaces them (JSON with {@link Faults}' fields). */
    private void admin(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("PUT")) {
            try {
                faults.set(JSON.readValue(Exchanges.body(exchange), Faults.class));
            } catch (IOException | IllegalArgumentException e) {
                Exchanges.send(exchange, 400, "text/plain", "invalid faults: " + e.getMessage());
                return;
            }
        }
        Exchanges.send(exchange, 200, "application/json", JSON.writeValueAsString(faults.get()));
    }
}
