package io.jenkins.plugins.ecrpipeline.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.TagStatus;

/**
 * The same ECR scenario against moto (independent) and against ours, through the unchanged SDK: every step must
 * give the same error code, the same response members and the same page sizes. Differences we keep on purpose
 * are listed in {@link #KNOWN_DIFFERENCES} and in docs/local-aws.md.
 */
@ExtendWith(LocalStackExtension.class)
class EcrConformanceWithMotoTest {
    /** Members ours sends and moto does not: ECR documents them; moto does not implement them. */
    private static final Set<String> KNOWN_DIFFERENCES = Set.of("imageDetails[].artifactMediaType");
    /** Where moto departs from the ECR model, its line and the model's; ours must give the model's. */
    private static final java.util.Map<String, String> MOTO_DEVIATIONS = java.util.Map.of(
            // moto 5 ignores maxResults in ListImages and returns everything in one page.
            "listImages pages of 2: [5]", "listImages pages of 2: [2, 2, 1]",
            // moto answers GetLifecyclePolicy with the time of the put as lastEvaluatedAt; AWS answers 0 until the
            // policy has run, and ours never runs policies.
            "lifecycle policy lastEvaluatedAt never: false", "lifecycle policy lastEvaluatedAt never: true");

    @TempDir
    Path dir;

    /** Where the scenario runs: a client, and a way to put the seed image (docker push here, PutImage on moto). */
    private interface Target {
        EcrClient ecr();

        void seed(String repository, String tag) throws Exception;
    }

    @Test
    void sameScenarioSameOutcomes(LocalStack stack) throws Exception {
        try (LocalEcrFixture ours = new LocalEcrFixture(stack, dir, Clock.systemUTC());
                MotoServer moto = MotoServer.start(dir.resolve("moto.log"));
                EcrClient ourEcr = ours.ecr(ours.instanceProfile());
                EcrClient motoEcr = EcrClient.builder().endpointOverride(moto.endpoint()).region(Region.EU_WEST_1)
                        .httpClient(UrlConnectionHttpClient.create())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            String[] manifest = new String[1];
            Target local = new Target() {
                public EcrClient ecr() {
                    return ourEcr;
                }

                public void seed(String repository, String tag) throws Exception {
                    AuthorizationData auth = ourEcr.getAuthorizationToken().authorizationData().get(0);
                    Path config = ours.dockerLogin(auth);
                    String image = auth.proxyEndpoint().substring("http://".length()) + "/" + repository + ":" + tag;
                    ours.docker(config, "tag", stack.baseImage(), image);
                    ours.docker(config, "push", image);
                    manifest[0] = ourEcr.batchGetImage(r -> r.repositoryName(repository).imageIds(ImageIdentifier.builder().imageTag(tag).build()))
                            .images().get(0).imageManifest();
                }
            };
            List<String> ourTranscript = scenario(local);
            Target reference = new Target() {
                public EcrClient ecr() {
                    return motoEcr;
                }

                public void seed(String repository, String tag) {
                    motoEcr.putImage(r -> r.repositoryName(repository).imageTag(tag).imageManifest(manifest[0]));
                }
            };
            List<String> motoTranscript = scenario(reference).stream().map(line -> MOTO_DEVIATIONS.getOrDefault(line, line)).toList();
            assertEquals(String.join("\n", motoTranscript), String.join("\n", ourTranscript));
        }
    }

    private List<String> scenario(Target target) throws Exception {
        EcrClient ecr = target.ecr();
        List<String> t = new ArrayList<>();
        step(t, "createRepository", () -> ecr.createRepository(r -> r.repositoryName("conformance")));
        step(t, "createRepository again", () -> ecr.createRepository(r -> r.repositoryName("conformance")));
        step(t, "describeRepositories unknown", () -> ecr.describeRepositories(r -> r.repositoryNames("absent")));
        step(t, "describeImages unknown repository", () -> ecr.describeImages(r -> r.repositoryName("absent")));
        target.seed("conformance", "seed");
        String manifest = ecr.batchGetImage(r -> r.repositoryName("conformance").imageIds(ImageIdentifier.builder().imageTag("seed").build())).images().get(0).imageManifest();
        for (String tag : List.of("t1", "t2", "t3", "t4")) {
            step(t, "putImage retag " + tag, () -> ecr.putImage(r -> r.repositoryName("conformance").imageTag(tag).imageManifest(manifest)));
        }
        step(t, "putImage same tag again", () -> ecr.putImage(r -> r.repositoryName("conformance").imageTag("t1").imageManifest(manifest)));
        step(t, "describeImages", () -> ecr.describeImages(r -> r.repositoryName("conformance")));
        t.add("describeImages tagged: " + ecr.describeImages(r -> r.repositoryName("conformance").filter(f -> f.tagStatus(TagStatus.TAGGED)))
                .imageDetails().get(0).imageTags().stream().sorted().toList());
        List<Integer> pages = new ArrayList<>();
        ecr.listImagesPaginator(r -> r.repositoryName("conformance").maxResults(2)).forEach(p -> pages.add(p.imageIds().size()));
        t.add("listImages pages of 2: " + pages);
        step(t, "batchGetImage with a missing tag", () -> ecr.batchGetImage(r -> r.repositoryName("conformance")
                .imageIds(ImageIdentifier.builder().imageTag("t1").build(), ImageIdentifier.builder().imageTag("missing").build())
                .acceptedMediaTypes("application/vnd.docker.distribution.manifest.v2+json", "application/vnd.oci.image.manifest.v1+json")));
        step(t, "batchDeleteImage one tag and a missing one", () -> ecr.batchDeleteImage(r -> r.repositoryName("conformance")
                .imageIds(ImageIdentifier.builder().imageTag("t4").build(), ImageIdentifier.builder().imageTag("missing").build())));
        t.add("tags after untag: " + ecr.describeImages(r -> r.repositoryName("conformance")).imageDetails().get(0).imageTags()
                .stream().sorted().toList());
        step(t, "getLifecyclePolicy none", () -> ecr.getLifecyclePolicy(r -> r.repositoryName("conformance")));
        String policy = "{\"rules\":[{\"rulePriority\":1,\"description\":\"expire untagged\",\"selection\":{\"tagStatus\":\"untagged\","
                + "\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";
        step(t, "putLifecyclePolicy", () -> ecr.putLifecyclePolicy(r -> r.repositoryName("conformance").lifecyclePolicyText(policy)));
        var stored = ecr.getLifecyclePolicy(r -> r.repositoryName("conformance"));
        t.add("lifecycle policy round trip: " + policy.equals(stored.lifecyclePolicyText()));
        t.add("lifecycle policy lastEvaluatedAt never: " + java.time.Instant.EPOCH.equals(stored.lastEvaluatedAt()));
        step(t, "deleteLifecyclePolicy", () -> ecr.deleteLifecyclePolicy(r -> r.repositoryName("conformance")));
        step(t, "deleteRepository not empty", () -> ecr.deleteRepository(r -> r.repositoryName("conformance")));
        step(t, "deleteRepository force", () -> ecr.deleteRepository(r -> r.repositoryName("conformance").force(true)));
        step(t, "describeRepositories after delete", () -> ecr.describeRepositories(r -> r.repositoryNames("conformance")));
        return t;
    }

    private static void step(List<String> transcript, String name, Supplier<SdkPojo> call) {
        try {
            Set<String> members = new TreeSet<>();
            collect(call.get(), "", members);
            members.removeAll(KNOWN_DIFFERENCES);
            transcript.add(name + ": ok " + members);
        } catch (EcrException e) {
            transcript.add(name + ": " + e.awsErrorDetails().errorCode());
        }
    }

    /** The paths of the members that are present, e.g. {@code repository.registryId}, {@code imageDetails[].imageTags}. */
    private static void collect(SdkPojo pojo, String prefix, Set<String> out) {
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value == null || (value instanceof Collection<?> c && c.isEmpty() && !prefix.isEmpty())) {
                continue;
            }
            String path = prefix + field.memberName();
            out.add(path);
            if (value instanceof SdkPojo nested) {
                collect(nested, path + ".", out);
            } else if (value instanceof Collection<?> items) {
                for (Object item : items) {
                    if (item instanceof SdkPojo nested) {
                        collect(nested, path + "[].", out);
                    }
                }
            }
        }
    }
}
