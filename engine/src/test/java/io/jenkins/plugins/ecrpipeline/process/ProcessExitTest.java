package io.jenkins.plugins.ecrpipeline.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The end of a process: a JDK HTTP client that talked to the real registry leaves its selector thread waiting in
 * native code, which holds the JVM's exit for 0.3 s; {@link ProcessExit} ends that thread first.
 */
@ExtendWith(LocalStackExtension.class)
class ProcessExitTest {
    private static List<Thread> selectors() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().matches("HttpClient-\\d+-SelectorManager")).toList();
    }

    @Test
    void theHttpClientsSelectorThreadEndsBeforeTheExit(LocalStack stack) throws Exception {
        List<Thread> before = selectors();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create("http://" + stack.registry() + "/v2/")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertTrue(answer.statusCode() == 200 || answer.statusCode() == 401, "the registry answered: " + answer.statusCode());
        // The control: the client is still referenced, so without the stop its selector lives on, in epoll_wait.
        List<Thread> running = selectors().stream().filter(t -> !before.contains(t)).toList();
        assertEquals(1, running.size(), "one selector thread per client: " + running);
        Thread.sleep(200);
        assertTrue(running.get(0).isAlive(), "a referenced client's selector does not end by itself");
        assertEquals(Thread.State.RUNNABLE, running.get(0).getState(), "its selector waits in native code (RUNNABLE to Java)");

        ProcessExit.stopHttpClientSelectors();

        running.get(0).join(10_000);
        assertTrue(!running.get(0).isAlive(), "the selector thread ended: " + running.get(0).getState());
        // Kept referenced to here, so that only the stop could have ended its selector.
        assertTrue(http.version() != null);
    }
}
