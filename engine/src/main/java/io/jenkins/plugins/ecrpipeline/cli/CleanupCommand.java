package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupOptions;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupPolicy;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupReport;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupRequest;
import io.jenkins.plugins.ecrpipeline.cleanup.ImageCleanup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cleanup}: plans which images a policy deletes, prints the plan, and with --execute deletes exactly those. */
@Command(name = "cleanup", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Deletes old images from ECR (through ECR's API, with --ecr-api) or any registry (through its HTTP API, with the docker "
                    + "config's login), by a policy: a YAML or JSON file (--policy) and/or the options below. Protected tags, images in "
                    + "use, the build cache tag, the newest images of each tag group and everything a kept multi-arch index references "
                    + "are never deleted; an image with any kept tag is kept whole; an unwanted index is deleted before its platform "
                    + "images; nothing pushed after the plan was made is deleted; a repository is not emptied unless allowed.",
            "Without --execute it is a dry run: the plan is printed as a table (repository, digest, tags, pushed, size, the rule or why "
                    + "kept) with totals, and --plan-file writes it as JSON. --execute deletes what it plans, or, with --plan-file, "
                    + "exactly the entries of that file that are unchanged.",
            "It works repository by repository (--concurrency at once), keeping counts rather than images, so its memory follows "
                    + "the largest repository, not the registry.", ""},
        footer = {"", "Examples:",
            "  ecr-image-pipeline cleanup --ecr-api --repository web --untagged-older-than 14d --keep '10=intermediate-(.*)' \\",
            "      --protect production --protect 'v[0-9]+\\.[0-9]+\\.[0-9]+' --in-use-file deployed.txt --plan-file plan.json",
            "  ecr-image-pipeline cleanup --ecr-api --execute --plan-file plan.json",
            "  ecr-image-pipeline cleanup --ecr-api --policy cleanup.yaml --lifecycle-policy lifecycle.json",
            "", "Exit codes: 0 planned or deleted everything, 1 a planned delete failed, 2 invalid input."})
final class CleanupCommand implements Callable<Integer> {
    @Option(names = "--policy", paramLabel = "FILE", description = "The policy, YAML or JSON (see the README); the options below add to it.")
    Path policy;

    @Option(names = "--repository", split = ",", paramLabel = "NAME", description = "Clean this repository. Repeatable.")
    List<String> repositories = new ArrayList<>();

    @Option(names = "--repository-pattern", paramLabel = "REGEX", description = "Clean every repository whose whole name matches. Repeatable.")
    List<String> repositoryPatterns = new ArrayList<>();

    @Option(names = "--untagged-older-than", paramLabel = "AGE", description = "Delete untagged images older than this (e.g. 14d, 12h, 2w).")
    String untaggedOlderThan;

    @Option(names = "--keep", paramLabel = "N=REGEX",
            description = "Keep the newest N images of each tag group (the regex's first capture group names the group) and delete the "
                    + "group's older ones, e.g. '10=intermediate-(.*)'. Repeatable.")
    List<String> keep = new ArrayList<>();

    @Option(names = "--tagged-older-than", paramLabel = "AGE", description = "Delete tagged images older than this (with --tag-pattern: only those).")
    String taggedOlderThan;

    @Option(names = "--tag-pattern", paramLabel = "REGEX", description = "With --tagged-older-than: only images with a tag matching this.")
    String tagPattern;

    @Option(names = "--protect", paramLabel = "REGEX", description = "Never delete an image with a tag matching this in full. Repeatable.")
    List<String> protect = new ArrayList<>();

    @Option(names = "--in-use", paramLabel = "IMAGE",
            description = "An image in use: sha256:..., repository@sha256:... or repository:tag (a registry host in front is fine). Repeatable.")
    List<String> inUse = new ArrayList<>();

    @Option(names = "--in-use-file", paramLabel = "FILE", description = "A file of images in use, one a line (# comments).")
    String inUseFile;

    @Option(names = "--build-cache-tag", paramLabel = "TAG",
            description = "The tag the nightly build reads its cache from, always kept (default: intermediate; '' for none).")
    String buildCacheTag;

    @Option(names = "--allow-empty-repository", description = "Let a plan delete every image of a repository.")
    boolean allowEmptyRepository;

    @Option(names = "--registry", paramLabel = "HOST[:PORT]",
            description = "The registry to clean (default with --ecr-api: the ECR registry of --assume-role's account, else the agent's own).")
    String registry;

    // --ecr-login is the old name, kept so that existing scripts work: no docker login happens, ECR's API is used.
    @Option(names = {"--ecr-api", "--ecr-login"}, description = "Use ECR's API with this machine's AWS credentials (another account's with "
            + "--assume-role). --ecr-login is the old, deprecated name.")
    boolean ecrApi;

    @Mixin
    AwsOptions aws;

    @Option(names = "--docker-config", paramLabel = "DIR",
            description = "Without --ecr-api: read the registry's login from this directory's config.json (default: $DOCKER_CONFIG, else ~/.docker).")
    String dockerConfig;

    @Option(names = "--execute", description = "Delete (default: a dry run that deletes nothing).")
    boolean execute;

    @Option(names = "--plan-file", paramLabel = "FILE",
            description = "Dry run: write the plan here as JSON. With --execute: apply exactly this plan instead of planning again.")
    String planFile;

    @Option(names = "--report", paramLabel = "FILE", description = "With --execute: write the totals (overall and per repository), the failed deletes, the notes and the API calls as JSON.")
    String report;

    @Option(names = "--lifecycle-policy", paramLabel = "FILE",
            description = "Also write what of the policy an ECR lifecycle policy can express (and print what it cannot).")
    String lifecyclePolicy;

    @Option(names = "--put-lifecycle-policy", description = "With --ecr-api: set that lifecycle policy on the repositories.")
    boolean putLifecyclePolicy;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
            description = "Repositories listed or deleted from at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    private final CliContext context;

    CleanupCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        CleanupRequest request = CleanupRequest.builder(policy()).registry(registry)
                .ecrApi(ecrApi ? aws.authorization(context.environment(), true, List.of()) : null).dockerConfig(dockerConfig)
                .execute(execute).planFile(planFile).reportFile(report).lifecyclePolicyFile(lifecyclePolicy)
                .putLifecyclePolicy(putLifecyclePolicy).concurrency(concurrency).build();
        CleanupReport result = ImageCleanup.run(request, context.host(context.stdout()));
        return result.succeeded() ? ExitCodes.OK : ExitCodes.SERVICE_FAILED;
    }

    /** The policy, or null when a plan file is applied with none (the plan decided already). */
    CleanupPolicy policy() {
        CleanupOptions options = options();
        if (policy == null && execute && planFile != null && options.namesNothing()) {
            return null;
        }
        String text = null;
        if (policy != null) {
            try {
                text = Files.readString(policy);
            } catch (IOException e) {
                throw PipelineException.forField(RequestField.POLICY, "cannot read the policy " + policy + ": " + e.getMessage());
            }
        }
        return options.policy(text, policy == null ? null : policy.toString());
    }

    /** This command's spelling of the cleanup options. */
    private CleanupOptions options() {
        return CleanupOptions.builder().repositories(repositories).repositoryPatterns(repositoryPatterns).untaggedOlderThan(untaggedOlderThan)
                .keep(keep).taggedOlderThan(taggedOlderThan).tagPattern(tagPattern).protectedTags(protect).inUse(inUse).inUseFile(inUseFile)
                .buildCacheTag(buildCacheTag).allowEmptyRepository(allowEmptyRepository).build();
    }
}
