package io.jenkins.plugins.ecrpipeline.localaws;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar local-aws.jar}: AWS endpoints on loopback for tests and demos, with no AWS account. Not part of the product. */
@Command(name = "local-aws", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Serves AWS endpoints on 127.0.0.1 until stopped (Ctrl-C): EC2 instance metadata (IMDSv2) with a rotating "
                    + "instance-role session, STS (GetCallerIdentity, AssumeRole into any local account), and ECR backed by one "
                    + "real registry (docker-registry) per account.",
            "Signed calls must carry SigV4 signatures made with credentials these endpoints issued.",
            "Point clients at it with AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:PORT/ and --endpoint-url.",
            ""})
public final class Main implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "4590", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Option(names = "--registry-port", paramLabel = "PORT",
            description = "The first account's registry port on 127.0.0.1; the n-th account's is PORT+n (default: --port + 1, "
                    + "or free ports when --port is 0). Fixed ports keep docker logins valid across restarts.")
    Integer registryPort;

    @Option(names = "--accounts", split = ",", paramLabel = "ID",
            description = "Local account ids; the first owns the instance (default: 111111111111,222222222222).")
    List<String> accounts = new ArrayList<>();

    @Option(names = "--region", defaultValue = "eu-west-1", description = "The instance's region (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--instance-role", defaultValue = "jenkins-agent", description = "The instance profile's role (default: ${DEFAULT-VALUE}).")
    String instanceRole;

    @Option(names = "--credential-lifetime", paramLabel = "SECONDS", description = "Lifetime of issued credentials (default: 21600).")
    Long credentialLifetimeSeconds;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Registry storage and the token signing key (default: ~/.local/state/ecr-image-pipeline/local-aws).")
    java.nio.file.Path stateDir;

    @Option(names = "--no-ecr", description = "Serve only IMDS and STS (no registries are started).")
    boolean noEcr;

    @Option(names = "--allow-imds-v1", description = "Answer instance metadata requests without a session token (IMDSv1).")
    boolean allowImdsV1;

    @Option(names = "--simulate-hop-limit", description = "Never answer the IMDSv2 token PUT, as for a container behind hop limit 1.")
    boolean simulateHopLimit;

    private final PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        LocalAwsSettings defaults = LocalAwsSettings.defaults();
        LocalAwsSettings settings = new LocalAwsSettings(accounts.isEmpty() ? defaults.accounts() : accounts, region, instanceRole,
                credentialLifetimeSeconds == null ? defaults.credentialLifetime() : Duration.ofSeconds(credentialLifetimeSeconds),
                defaults.authorizationTokenLifetime());
        CountDownLatch stop = new CountDownLatch(1);
        java.nio.file.Path state = stateDir != null ? stateDir
                : java.nio.file.Path.of(System.getProperty("user.home"), ".local/state/ecr-image-pipeline/local-aws");
        LocalAwsServer server = noEcr ? LocalAwsServer.start(settings, port, Clock.systemUTC())
                : LocalAwsServer.startWithEcr(settings, port, Clock.systemUTC(), state,
                        registryPort != null ? registryPort : port == 0 ? 0 : port + 1);
        // Closed by the shutdown hook (the way this server ends) or when the wait is interrupted; closing is idempotent.
        try {
            server.setFaults(new Faults(0, 0, 0, Duration.ZERO, allowImdsV1, simulateHopLimit, null, null));
            // The JVM halts once its shutdown hooks finish, so the hook itself stops the registries.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stop.countDown();
            }));
            out.println("local-aws: listening on " + server.endpoint());
            out.println("  instance metadata: AWS_EC2_METADATA_SERVICE_ENDPOINT=" + server.endpoint() + "/"
                    + (allowImdsV1 ? " (IMDSv1 allowed)" : " (IMDSv2 only)") + (simulateHopLimit ? ", token PUT never answers" : ""));
            out.println("  STS: aws --endpoint-url " + server.endpoint() + " sts get-caller-identity");
            out.println("  accounts: " + String.join(", ", settings.accounts()) + " (instance in " + settings.instanceAccount()
                    + ", role " + settings.instanceRole() + ", region " + settings.region() + ")");
            server.registryHosts().forEach((account, host) ->
                    out.println("  ECR registry of " + account + ": " + host + " (aws --endpoint-url " + server.endpoint()
                            + " ecr get-login-password | docker login --username AWS --password-stdin " + host + ")"));
            out.println("  faults: GET/PUT " + server.endpoint() + "/_local-aws/faults");
            out.flush();
            stop.await();
        } finally {
            server.close();
        }
        return 0;
    }
}
