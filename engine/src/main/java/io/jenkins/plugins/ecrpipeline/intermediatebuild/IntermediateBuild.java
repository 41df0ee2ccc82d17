package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import io.jenkins.plugins.ecrpipeline.Futures;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.docker.DockerClient;
import io.jenkins.plugins.ecrpipeline.docker.DockerClientCheck;
import io.jenkins.plugins.ecrpipeline.docker.DockerConfigDir;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizer;
import io.jenkins.plugins.ecrpipeline.ecr.EcrDockerLogin;
import io.jenkins.plugins.ecrpipeline.ecr.EcrPasswordSource;
import io.jenkins.plugins.ecrpipeline.ecr.EcrPasswords;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.report.ReportFile;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The nightly intermediate build, start to end: docker client check (started first, it runs alongside the plan), plan
 * (compose file, selection, images), ECR login, registry reachability, bounded parallel build and push with per-service
 * progress, summary table and report. The CLI and the Jenkins steps call these entry points and nothing below them.
 */
public final class IntermediateBuild {
    private IntermediateBuild() {
    }

    /**
     * Decides what the build will do without running docker. It reads the compose file and build contexts, so it runs
     * where they are (in Jenkins, on the agent).
     */
    public static BuildPlan plan(BuildRequest request, Host host) {
        return BuildPlanner.plan(request, host);
    }

    /**
     * Plans and runs in this JVM; when the request asks for an ECR login, the credentials are this JVM's (the CLI's
     * case: it runs on the agent).
     */
    public static BuildReport run(BuildRequest request, Host host) throws InterruptedException {
        // The docker client check mostly waits on docker processes, so it starts first and runs while the compose file is
        // read; the plan still comes before any AWS call, so a wrong service name or a missing Dockerfile fails at once.
        try (DockerClientCheck check = DockerClientCheck.start(request.docker(), host.environment(), host.runner())) {
            BuildPlan plan = plan(request, host);
            if (request.ecrLogin() == null) {
                return run(plan, host, Optional.empty(), check);
            }
            try (EcrAuthorizer authorizer = EcrAuthorizer.open(request.ecrLogin(), AwsEnvironment.of(host.environment()), host.clock())) {
                return run(plan, host, Optional.of(authorizer), check);
            }
        }
    }

    /**
     * Carries out a plan. With an authorizer, docker logs in to ECR in a private config directory under the host's
     * temporary directory (deleted afterwards) and renews the login before any push that would outlive it.
     */
    private static BuildReport run(BuildPlan plan, Host host, Optional<EcrPasswordSource> authorizer, DockerClientCheck check)
            throws InterruptedException {
        DockerClient docker = DockerClient.named(plan.settings().docker(), host.environment()).withNetwork(plan.settings().network());
        if (authorizer.isEmpty()) {
            return execute(plan, docker, check, host, target -> { }, retag(plan, docker, host, () -> new EcrPasswords(List.of())));
        }
        DockerConfigDir config = DockerConfigDir.createPrivate(host.files(), host.userDockerConfig());
        try (EcrDockerLogin login = EcrDockerLogin.open(authorizer.get(), docker, config, host)) {
            BuildPlan withRegistry = plan.registryFromLogin() ? plan.withLoginRegistry(login.primaryHost()) : plan;
            return execute(withRegistry, login.docker(), check, host, target -> login.ensureFresh(), retag(withRegistry, login.docker(), host, login::passwords));
        }
    }

    /** The registry API for the names after the first push, with the logins docker push uses ({@link RetagLogins}). */
    private static RegistryRetag retag(BuildPlan plan, DockerClient docker, Host host, Supplier<EcrPasswords> ecr) {
        return new RegistryRetag(new RetagLogins(ecr, docker.configDir() != null ? docker.configDir() : host.userDockerConfig(), host),
                plan.registries());
    }

    /** Which cache scheme the run uses, and why it hits every night, for the log. */
    private static String cacheScheme(BuildPlan plan) {
        if (!plan.settings().registryCache()) {
            return "the daemon's local cache only (registry cache off)";
        }
        if (!plan.settings().push()) {
            return "the daemon's local cache only (nothing is pushed, so the registry holds no cache of this run)";
        }
        return "BuildKit inline cache from each service's :" + BuildCacheTag.of(plan.settings().tag()) + " in the registry, an image with "
                + "complete cache metadata; it is rewritten (a second pass from the local cache) only when a step before the build date "
                + "ran, so a fresh agent reuses the layers before the build date every night";
    }

    /**
     * The docker client for the builds, once its check (started with the run) and every registry pushed to answer. Both
     * mostly wait (on docker processes, on the network), so they run side by side; a docker problem is reported first.
     */
    private static DockerClient checkedClient(BuildPlan plan, DockerClient client, DockerClientCheck check, Host host) throws InterruptedException {
        ExecutorService side = Futures.daemonThreads(1, "registry check");
        try {
            Future<Void> reachable = side.submit(() -> {
                if (plan.settings().push()) {
                    for (String registry : plan.registries()) {
                        host.registries().requireReachable(registry);
                    }
                }
                return null;
            });
            DockerClient docker = check.appliedTo(client, host.console());
            Futures.result(reachable);
            return docker;
        } finally {
            side.shutdownNow();
        }
    }

    /**
     * The retag's set-up on a thread of its own while the checks wait on docker and the network: the CPU is idle then,
     * and busy with twelve builds later. The first service to need the retag waits for it (the retag's lock).
     */
    private static void prepareAhead(ServicePipeline.Retag retag) {
        ExecutorService thread = Futures.daemonThreads(1, "registry client set-up");
        thread.execute(() -> {
            try {
                retag.prepare();
            } catch (RuntimeException e) {
                // Left to the first tag through the API, which meets the same problem and reports it for its name.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        thread.shutdown();
    }

    private static BuildReport execute(BuildPlan plan, DockerClient client, DockerClientCheck check, Host host, ServicePipeline.PushGate gate,
            ServicePipeline.Retag retag) throws InterruptedException {
        RunSettings settings = plan.settings();
        if (settings.push() && plan.targets().stream().anyMatch(t -> t.pushOrder().size() > 1)) {
            prepareAhead(retag);
        }
        DockerClient docker = checkedClient(plan, client, check, host);
        host.console().line("Building " + plan.targets().size() + " service(s) from " + plan.composeFile() + " with docker "
                + docker.version() + ", up to " + plan.parallelism() + " at a time (" + plan.parallelismReason() + ")"
                + (plan.buildDate() != null ? ", " + settings.buildDateArg() + "=" + plan.buildDate() : "")
                + (settings.push() ? "" : ", without pushing") + ":");
        plan.targets().forEach(t -> host.console().line("  " + t.service() + " -> " + String.join(", ", t.pushOrder())));
        host.console().line("Build cache: " + cacheScheme(plan));

        ServicePipeline pipeline = new ServicePipeline(host.runner(), docker, host.console(), settings, gate, retag, plan.targets().size());
        BuildReport report = new BuildScheduler(plan.parallelism(), settings.failFast(), settings.serviceTimeout(), pipeline, host.console(),
                host.clock()).run(plan.targets(), plan.buildDate()).redacted(host.redaction());

        host.console().line("");
        SummaryTable.render(report).forEach(host.console()::line);
        if (settings.reportFile() != null) {
            String file = host.resolve(settings.reportFile()).toString();
            host.files().write(file, ReportFile.json(report).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            host.console().line("Report: " + file);
        }
        return report;
    }
}
