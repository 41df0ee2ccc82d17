package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RestartConsoleTest {
    private static final String LOST = "Cannot contact agent1: hudson.remoting.ChannelClosedException: Channel"
            + " \"hudson.remoting.Channel@aea0873:agent1\": Remote call on agent1 failed. The channel is closing down or has closed down";

    @Test
    void jenkinsLostAgentLineWhileTheControllerGoesDownIsNotCounted() {
        String console = String.join("\n", "+ sleep 20", LOST, "Resuming build at Tue Dec 08 00:10:25 UTC 2026 after Jenkins restart",
                "Finished: SUCCESS");

        assertEquals(List.of(), RestartConsole.exceptionLines(console));
    }

    @Test
    void anyOtherExceptionOrTheLostAgentLineAfterTheResumeIsCounted() {
        String ours = "java.lang.IllegalStateException: withEcr lost its login";
        String console = String.join("\n", ours, LOST, "Resuming build at Tue Dec 08 00:10:25 UTC 2026 after Jenkins restart", LOST,
                "\tat io.jenkins.plugins.ecrpipeline.Something(Something.java:1) ClassCastException");

        assertEquals(List.of(ours, LOST, "\tat io.jenkins.plugins.ecrpipeline.Something(Something.java:1) ClassCastException"),
                RestartConsole.exceptionLines(console));
    }
}
