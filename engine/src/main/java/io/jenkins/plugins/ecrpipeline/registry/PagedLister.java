package io.jenkins.plugins.ecrpipeline.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The catalog and tag lists, following the distribution API's {@code Link: <...>; rel="next"} pages. */
final class PagedLister {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private final RegistryEndpointCaller caller;

    PagedLister(RegistryEndpointCaller caller) {
        this.caller = caller;
    }

    List<String> catalog() throws InterruptedException {
        return pages("/v2/_catalog?n=1000", List.of("registry:catalog:*"), "list the repositories", "repositories", false);
    }

    /** Empty when the repository does not exist. */
    List<String> tags(String repository) throws InterruptedException {
        return pages("/v2/" + repository + "/tags/list?n=1000", RegistryEndpointCaller.pull(repository), "list the tags of " + repository,
                "tags", true);
    }

    private List<String> pages(String first, List<String> scopes, String action, String field, boolean missingIsEmpty)
            throws InterruptedException {
        List<String> into = new ArrayList<>();
        String path = first;
        while (path != null) {
            URI uri = caller.resolve(path);
            HttpResponse<byte[]> response = caller.send(() -> HttpRequest.newBuilder(uri).timeout(RegistryEndpointCaller.SHORT).GET(), scopes,
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404 && missingIsEmpty) {
                return into;
            }
            caller.require(response, 200, action);
            try {
                JSON.readTree(response.body()).path(field).forEach(n -> into.add(n.asText()));
            } catch (IOException e) {
                throw new PipelineException("registry " + caller.registry() + " answered the request to " + action + " with something that is not JSON");
            }
            path = response.headers().firstValue("Link").map(PagedLister::nextLink).orElse(null);
        }
        return into;
    }

    private static String nextLink(String header) {
        Matcher m = NEXT.matcher(header);
        return m.find() ? m.group(1) : null;
    }
}
