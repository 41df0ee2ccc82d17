package io.jenkins.plugins.ecrpipeline.promote;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.Retrying;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizer;
import io.jenkins.plugins.ecrpipeline.ecr.EcrRegistryApi;
import io.jenkins.plugins.ecrpipeline.ecr.EcrPassword;
import io.jenkins.plugins.ecrpipeline.ecr.EcrPasswords;
import io.jenkins.plugins.ecrpipeline.ecr.TagMutability;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.registry.Manifests;
import io.jenkins.plugins.ecrpipeline.registry.RegistryClient;
import io.jenkins.plugins.ecrpipeline.registry.RegistryCredentials;
import io.jenkins.plugins.ecrpipeline.registry.RegistryException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * Moves images toward production without pulling them: each service's source manifest is read once (pinned to its
 * digest, checked against the expected digest), then tagged in place through ECR's API, or copied through the
 * registry API with only the missing blobs mounted or copied. The CLI and the Jenkins steps call these entry points.
 */
public final class ImagePromotion {
    private ImagePromotion() {
    }

    /**
     * Promotes in this JVM; when the request asks for an ECR login, the credentials are this JVM's (in Jenkins: run it
     * on the agent). Every source and every target is read and checked before anything changes: a stale expected
     * digest, a missing source or target repository, or a target tag that names another image in a repository whose
     * tags are immutable fails the whole run with nothing promoted. A write that still fails midway leaves the
     * targets placed before it, and the result lists them.
     */
    public static PromotionReport promote(PromotionRequest request, Host host) throws InterruptedException {
        if (request.ecrApi() == null) {
            return promote(request, host, Optional.empty());
        }
        try (EcrAuthorizer authorizer = EcrAuthorizer.open(request.ecrApi(), AwsEnvironment.of(host.environment()), host.clock())) {
            return promote(request, host, Optional.of(authorizer));
        }
    }

    /** Promotes with an already open ECR authorizer (its sessions give ECR's API and registry passwords). */
    public static PromotionReport promote(PromotionRequest request, Host host, Optional<EcrAuthorizer> ecr) throws InterruptedException {
        Instant startedAt = host.clock().instant();
        String configDir = request.dockerConfig() != null ? host.resolve(request.dockerConfig()).toString() : host.userDockerConfig();
        EcrPasswords passwords = ecr.isPresent() ? ecr.get().authorize() : new EcrPasswords(List.of());
        Map<String, RegistryClient.Login> ecrLogins = new HashMap<>();
        for (EcrPassword a : passwords.all()) {
            ecrLogins.put(a.host(), new RegistryClient.Login(EcrPassword.USER, a.password()));
        }
        RegistryCredentials logins = RegistryCredentials.of(host.files().read(Path.of(configDir, "config.json").toString()), ecrLogins,
                host.runner());
        Promoter promoter = new Promoter(ecr, logins);

        List<Resolved> resolved = new ArrayList<>();
        List<PipelineException> problems = new ArrayList<>();
        for (ServicePromotion service : request.services()) {
            try {
                resolved.add(promoter.resolve(service));
            } catch (PipelineException e) {
                problems.add(PromotionErrors.worded(e));
            }
        }
        if (problems.size() == 1) {
            PipelineException only = problems.get(0);
            throw PipelineException.forFieldNamed(only.field().orElse(null), only.getMessage() + " Nothing was promoted.", only);
        }
        if (!problems.isEmpty()) {
            String message = "nothing was promoted:\n  " + String.join("\n  ", problems.stream().map(Throwable::getMessage).toList());
            // One field at fault for every service (each digest is stale, say): the face can still name it.
            java.util.Set<Optional<String>> fields = new java.util.HashSet<>(problems.stream().map(PipelineException::field).toList());
            Optional<String> field = fields.size() == 1 ? fields.iterator().next() : Optional.empty();
            throw field.isPresent() ? PipelineException.forFieldNamed(field.get(), message) : new PipelineException(message);
        }

        host.console().line("Promoting " + resolved.size() + " service(s):");
        List<PromotionResult> results = new ArrayList<>();
        for (Resolved r : resolved) {
            host.console().line("  " + r.service().service() + ": " + r.service().source() + " (" + r.manifest().digest() + ") -> "
                    + String.join(", ", r.service().targets().stream().map(ImageReference::toString).toList())
                    + (r.ecr() != null ? " [ECR API]" : " [registry API]"));
            PromotionResult result = promoter.promote(r);
            host.console().line("  " + r.service().service() + ": " + describe(result));
            results.add(result);
        }
        PromotionReport report = new PromotionReport(startedAt, host.clock().instant(), results).redacted(host.redaction());
        host.console().line("");
        PromotionTable.render(report).forEach(host.console()::line);
        if (request.reportFile() != null) {
            String file = host.resolve(request.reportFile()).toString();
            host.files().write(file, PromotionReportFile.json(report).getBytes(StandardCharsets.UTF_8));
            host.console().line("Report: " + file);
        }
        return report;
    }

    private static String describe(PromotionResult r) {
        return switch (r.outcome()) {
            case PROMOTED -> "promoted" + (r.route() == PromotionResult.Route.REGISTRY_API ? " (" + PromotionTable.copied(r) + ")" : "");
            case ALREADY_PROMOTED -> "already promoted, nothing changed";
            case FAILED -> "FAILED: " + r.failure() + (r.placed().isEmpty() ? " Nothing was placed."
                    : " Placed before the failure: " + String.join(", ", r.placed()) + "; not placed: " + String.join(", ", r.notPlaced()) + ".");
        };
    }

    /**
     * A service whose source and targets were read: the exact manifest to promote, ECR's API when the promotion is a
     * retag in ECR, and what each target tag names now.
     */
    private record Resolved(ServicePromotion service, RegistryClient.Manifest manifest, EcrRegistryApi ecr, List<Target> targets) {
    }

    /** A target tag as it was before anything was written: the digest it names, or null when it does not exist. */
    private record Target(ImageReference reference, String current) {
        boolean names(String digest) {
            return digest.equals(current);
        }
    }

    /** Blob counts of one service. */
    private static final class Counts {
        long bytes;
        int copied;
        int mounted;
        int skipped;
    }

    private static final class Promoter {
        private final Optional<EcrAuthorizer> ecr;
        private final RegistryCredentials logins;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private final Map<String, RegistryClient> clients = new HashMap<>();
        private final Map<String, Optional<TagMutability>> mutability = new HashMap<>();
        private final BlobCopies blobs = new BlobCopies(Retrying.standard());

        Promoter(Optional<EcrAuthorizer> ecr, RegistryCredentials logins) {
            this.ecr = ecr;
            this.logins = logins;
        }

        private RegistryClient client(String registry) throws InterruptedException {
            RegistryClient client = clients.get(registry);
            if (client == null) {
                client = new RegistryClient(http, registry, logins.forRegistry(registry).orElse(null));
                clients.put(registry, client);
            }
            return client;
        }

        /** Reads the source once and checks it, then each target; changes nothing. */
        Resolved resolve(ServicePromotion service) throws InterruptedException {
            ImageReference source = service.source();
            // A retag within one ECR repository goes through ECR's API; anything that moves blobs needs the registry API.
            EcrRegistryApi api = service.targets().stream().allMatch(source::sameRepository) && ecr.isPresent()
                    ? ecr.get().api(source.registry()).orElse(null) : null;
            Optional<RegistryClient.Manifest> found;
            try {
                found = api != null ? EcrRetag.read(api, source) : client(source.registry()).manifest(source.repository(), source.apiReference());
            } catch (RepositoryNotFoundException e) {
                throw PromotionErrors.sourceMissing(service.service(), source.toString(), " in ECR: there is no repository " + source.repository());
            }
            RegistryClient.Manifest manifest = found.orElseThrow(() -> PromotionErrors.sourceMissing(service.service(), source.toString(),
                    api != null ? " in ECR" : " in the registry"));
            if (source.digest() != null && !source.digest().equals(manifest.digest())) {
                throw new PipelineException(service.service() + ": the registry served " + manifest.digest() + " for " + source
                        + "; refusing to promote content that does not match its digest");
            }
            if (service.expectedDigest() != null && !service.expectedDigest().equals(manifest.digest())) {
                throw PromotionErrors.staleDigest(service.service(), source, service.expectedDigest(), manifest.digest());
            }
            List<Target> targets = new ArrayList<>();
            for (ImageReference target : service.targets()) {
                targets.add(target(service.service(), target, api, manifest.digest()));
            }
            return new Resolved(service, manifest, api, targets);
        }

        /**
         * What a target tag names now. Refuses a target whose repository is missing, or whose tag names another image
         * where ECR would refuse to move it, so that such a promotion changes nothing rather than half of its targets.
         */
        private Target target(String service, ImageReference target, EcrRegistryApi retag, String digest) throws InterruptedException {
            Optional<EcrRegistryApi> api = retag != null ? Optional.of(retag) : ecr.flatMap(e -> e.api(target.registry()));
            String current;
            Optional<TagMutability> tags;
            try {
                tags = api.isPresent() ? mutability.computeIfAbsent(target.repositoryName(), k -> TagMutability.read(api.get(), target.repository()))
                        : Optional.empty();
                current = (retag != null ? EcrRetag.read(retag, target).map(RegistryClient.Manifest::digest)
                        : client(target.registry()).manifestDigest(target.repository(), target.tag())).orElse(null);
            } catch (RepositoryNotFoundException e) {
                throw PromotionErrors.targetRepositoryMissing(service, target);
            }
            if (current != null && !current.equals(digest) && tags.map(t -> t.immutable(target.tag())).orElse(false)) {
                throw PromotionErrors.immutableTag(target.repositoryName(), target.tag(), "it names " + current);
            }
            return new Target(target, current);
        }

        PromotionResult promote(Resolved r) throws InterruptedException {
            ServicePromotion service = r.service();
            Counts counts = new Counts();
            List<String> placed = new ArrayList<>();
            boolean changed = false;
            try {
                for (Target target : r.targets()) {
                    if (!target.names(r.manifest().digest())) {
                        changed |= r.ecr() != null ? EcrRetag.tag(r.ecr(), target.reference(), r.manifest())
                                : copy(service.source(), target.reference(), r.manifest(), counts);
                    }
                    placed.add(target.reference().toString());
                }
                return result(r, placed, counts, changed ? PromotionResult.Outcome.PROMOTED : PromotionResult.Outcome.ALREADY_PROMOTED, null);
            } catch (PipelineException e) {
                return result(r, placed, counts, PromotionResult.Outcome.FAILED, PromotionErrors.worded(e).getMessage());
            }
        }

        private static PromotionResult result(Resolved r, List<String> placed, Counts counts, PromotionResult.Outcome outcome, String failure) {
            return new PromotionResult(r.service().service(), r.service().source().toString(),
                    r.service().targets().stream().map(ImageReference::toString).toList(), placed, r.manifest().digest(), r.manifest().mediaType(),
                    r.ecr() != null ? PromotionResult.Route.ECR_API : PromotionResult.Route.REGISTRY_API,
                    counts.bytes, counts.copied, counts.mounted, counts.skipped, outcome, failure);
        }

        /** Copies what the target lacks and writes the manifest under the target tag (which was read already). */
        private boolean copy(ImageReference source, ImageReference target, RegistryClient.Manifest manifest, Counts counts)
                throws InterruptedException {
            RegistryClient to = client(target.registry());
            if (!source.sameRepository(target)) {
                copyContent(client(source.registry()), source.repository(), to, target.repository(), manifest, counts);
            }
            putManifest(to, target.repository(), target.tag(), manifest);
            return true;
        }

        /** ECR's answer to a tag that names another image and must not move; a digest reference moves no tag. */
        private static void putManifest(RegistryClient to, String repository, String reference, RegistryClient.Manifest manifest)
                throws InterruptedException {
            try {
                to.putManifest(repository, reference, manifest);
            } catch (RegistryException e) {
                if (e.is(400, "TAG_INVALID") && !reference.contains(":")) {
                    throw PromotionErrors.immutableTag(to.registry() + "/" + repository, reference, e.detail());
                }
                throw e;
            }
        }

        /**
         * Makes everything the manifest references present in the target repository: child manifests first (one after
         * another, so that the platforms' shared layers are copied once), then its blobs, several at a time. Returns only
         * when every blob is there, so the manifest written after it never names a missing blob.
         */
        private void copyContent(RegistryClient from, String fromRepository, RegistryClient to, String toRepository,
                RegistryClient.Manifest manifest, Counts counts) throws InterruptedException {
            Manifests.Parsed parsed = Manifests.parse(manifest.bytes(), manifest.mediaType());
            for (Manifests.Descriptor child : parsed.manifests()) {
                if (to.manifestDigest(toRepository, child.digest()).isPresent()) {
                    continue;
                }
                RegistryClient.Manifest childManifest = from.manifest(fromRepository, child.digest()).orElseThrow(() -> new PipelineException(
                        "the index " + manifest.digest() + " names platform image " + child.digest() + ", which " + from.registry() + "/"
                                + fromRepository + " does not hold; push the multi-arch image again"));
                copyContent(from, fromRepository, to, toRepository, childManifest, counts);
                putManifest(to, toRepository, child.digest(), childManifest);
            }
            for (BlobCopies.Placed placed : blobs.place(from, fromRepository, to, toRepository, parsed.blobs())) {
                switch (placed.outcome()) {
                    case PRESENT -> counts.skipped++;
                    case MOUNTED -> counts.mounted++;
                    case COPIED -> {
                        counts.copied++;
                        counts.bytes += placed.blob().size();
                    }
                }
            }
        }
    }
}
