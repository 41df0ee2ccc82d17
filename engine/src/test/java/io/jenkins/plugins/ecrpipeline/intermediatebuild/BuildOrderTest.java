package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.compose.ComposeException;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Services that build FROM another selected service's image build after it; the rest in parallel. */
@ExtendWith(LocalStackExtension.class)
class BuildOrderTest {
    @TempDir
    Path workspace;

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private Host host() {
        return Host.local(Map.of("PATH", System.getenv("PATH"), "HOME", workspace.toString())).workspace(workspace)
                .tempDirectory(workspace.resolve("tmp")).console(log::add).build();
    }

    /** Writes one Dockerfile per service and a compose file listing them in this order. */
    private void project(Map<String, String> dockerfiles) throws Exception {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (Map.Entry<String, String> service : dockerfiles.entrySet()) {
            Files.createDirectories(workspace.resolve(service.getKey()));
            Files.writeString(workspace.resolve(service.getKey()).resolve("Dockerfile"), service.getValue());
            yaml.append("  ").append(service.getKey()).append(":\n    build: ./").append(service.getKey()).append('\n');
        }
        Files.writeString(workspace.resolve("docker-compose.yml"), yaml);
    }

    private static List<String> orders(BuildPlan plan) {
        return plan.targets().stream().map(t -> t.level() + " " + t.service() + " " + t.dependsOn()).toList();
    }

    @Test
    void aServiceBuiltFromAnotherSelectedServicesImageComesAfterIt() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("web-production", "ARG BASE=base-production:intermediate\nFROM ${BASE}\nRUN true\n");
        files.put("base-production", "FROM scratch\nCOPY Dockerfile /\n");
        files.put("qa-production", "FROM scratch\n");
        files.put("worker-production", "FROM base-production:intermediate AS deps\nFROM deps\n");
        files.put("report-production", "FROM worker-production:intermediate\n");
        project(files);

        BuildPlan plan = IntermediateBuild.plan(BuildRequest.builder().push(false).build(), host());

        assertEquals(List.of("1 base-production []", "1 qa-production []", "2 web-production [base-production]",
                "2 worker-production [base-production]", "3 report-production [worker-production]"), orders(plan));
        assertTrue(String.join("\n", plan.table()).contains("2 (after base-production)    web-production"), String.join("\n", plan.table()));
    }

    @Test
    void aBuildArgumentDecidesTheBaseLikeDockerDoes() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("web-production", "ARG BASE\nFROM ${BASE:-scratch}\n");
        files.put("base-production", "FROM scratch\n");
        project(files);

        assertEquals(List.of("1 web-production []", "1 base-production []"),
                orders(IntermediateBuild.plan(BuildRequest.builder().push(false).build(), host())));
        assertEquals(List.of("1 base-production []", "2 web-production [base-production]"), orders(IntermediateBuild.plan(
                BuildRequest.builder().push(false).buildArgs(Map.of("BASE", "base-production:intermediate")).build(), host())));
    }

    @Test
    void aCycleIsAnErrorNamingItsServices() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("a-production", "FROM b-production:intermediate\n");
        files.put("b-production", "FROM a-production:intermediate\n");
        project(files);

        ComposeException e = assertThrows(ComposeException.class, () -> IntermediateBuild.plan(BuildRequest.builder().push(false).build(), host()));
        assertTrue(e.getMessage().contains("in a cycle: a-production -> b-production -> a-production"), e.getMessage());
    }

    @Test
    void shardsKeepServicesThatBuildFromEachOtherTogether() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("base-production", "FROM scratch\n");
        files.put("qa-production", "FROM scratch\n");
        files.put("web-production", "FROM base-production:intermediate\n");
        files.put("other-production", "FROM scratch\n");
        project(files);

        List<List<String>> parts = new ArrayList<>();
        for (String shard : List.of("1/2", "2/2")) {
            parts.add(IntermediateBuild.plan(BuildRequest.builder().push(false).shard(shard).build(), host()).targets().stream()
                    .map(BuildTarget::service).toList());
        }
        assertEquals(List.of(List.of("base-production", "other-production", "web-production"), List.of("qa-production")), parts);
    }

    @Test
    void theDependentBuildsFromTheFreshImageAndIsSkippedWhenItsBaseFails(LocalStack stack) throws Exception {
        String tag = "order-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> files = new LinkedHashMap<>();
        // Listed first and built with parallelism 2: without the order it would start at once and find no base image.
        files.put("web-production", "FROM base-production:" + tag + "\nRUN test -f /base-marker\n");
        files.put("base-production", "FROM " + stack.baseImage() + "\nRUN touch /base-marker\n");
        project(files);
        BuildRequest request = BuildRequest.builder().push(false).tag(tag).parallelism(2).network("host").docker(stack.docker().toString()).build();

        BuildReport report = IntermediateBuild.run(request, host());

        assertTrue(report.succeeded(), String.join("\n", log));
        assertEquals(List.of("base-production", "web-production"), report.services().stream().map(ServiceResult::service).toList(),
                "results in plan order: the base first");

        Files.writeString(workspace.resolve("base-production/Dockerfile"), "FROM " + stack.baseImage() + "\nRUN exit 3\n");
        BuildReport failed = IntermediateBuild.run(request, host());

        ServiceResult web = failed.services().stream().filter(s -> s.service().equals("web-production")).findFirst().orElseThrow();
        assertEquals(ServiceResult.Outcome.SKIPPED, web.outcome());
        assertEquals("not built: it builds FROM the image of base-production, which failed", web.failure());
    }
}
