package io.jenkins.plugins.ecrpipeline.imagebuild;

import io.jenkins.plugins.ecrpipeline.docker.DockerClient;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.HostFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IDs and sizes of a run's images without a docker call on any service's way to its push: each build writes its
 * image ID to a file ({@code --iidfile}) in a private directory of the run, and one {@code docker image inspect} of
 * every built image after the last service gives the sizes for the report.
 */
final class ImageIds implements AutoCloseable {
    private static final Pattern ID_AND_SIZE = Pattern.compile("^(sha256:[0-9a-f]{64}) (\\d+)$");

    private final HostFiles files;
    private final String directory;

    private ImageIds(HostFiles files, String directory) {
        this.files = files;
        this.directory = directory;
    }

    static ImageIds open(HostFiles files) throws InterruptedException {
        return new ImageIds(files, files.createPrivateDirectory("ecr-image-pipeline-iid"));
    }

    /** Where the build of {@code service} writes its image ID; {@code pass} tells the first build from the cache pass. */
    String file(String service, String pass) {
        return directory + "/" + service + "." + pass + ".iid";
    }

    /** The ID docker wrote, or null when it wrote none (a client without {@code --iidfile}, a failed build). */
    String read(String file) throws InterruptedException {
        String id = files.read(file).map(b -> new String(b, StandardCharsets.UTF_8).strip()).orElse("");
        return id.startsWith("sha256:") ? id : null;
    }

    /**
     * The results with their image sizes, from one {@code docker image inspect} of every image that has an ID; a result
     * whose size cannot be known keeps -1 (the report says "-"), as an image removed meanwhile would.
     */
    static List<ServiceResult> withSizes(List<ServiceResult> results, CommandRunner runner, DockerClient docker) throws InterruptedException {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(results.stream().map(ServiceResult::imageId).filter(id -> id != null).toList()));
        if (ids.isEmpty()) {
            return results;
        }
        Map<String, Long> sizes = new HashMap<>();
        runner.run(docker.inspect(ids), line -> {
            Matcher m = ID_AND_SIZE.matcher(line.strip());
            if (m.matches()) {
                sizes.put(m.group(1), Long.parseLong(m.group(2)));
            }
        });
        return results.stream().map(r -> r.imageId() != null && sizes.containsKey(r.imageId()) ? r.withSize(sizes.get(r.imageId())) : r)
                .toList();
    }

    @Override
    public void close() throws InterruptedException {
        files.deleteRecursively(directory);
    }
}
