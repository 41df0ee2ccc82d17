package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import io.jenkins.plugins.ecrpipeline.process.Host;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/** The engine's {@link Host} for a step: the build's Launcher, EnvVars, workspace (on the agent) and log. */
final class JenkinsHost {
    private JenkinsHost() {
    }

    static Host of(FilePath workspace, Launcher launcher, EnvVars environment, TaskListener listener,
            io.jenkins.plugins.ecrpipeline.process.Redaction redaction) {
        PrintStream log = listener.getLogger();
        FilePath temp = tempDir(workspace);
        return new Host(new LauncherCommandRunner(launcher, workspace, environment), environment, Path.of(workspace.getRemote()),
                new AgentHostFiles(workspace.getChannel(), temp.getRemote()),
                registry -> AgentCalls.call(workspace.getChannel(), new AgentCalls.Reachable(registry)),
                Clock.systemUTC(), line -> {
                    synchronized (log) {
                        log.println(line);
                    }
                }, redaction);
    }

    /** The workspace's {@code @tmp} sibling, where private files go (as docker-commons puts them). */
    static FilePath tempDir(FilePath workspace) {
        FilePath temp = WorkspaceList.tempDir(workspace);
        if (temp == null) {
            throw new io.jenkins.plugins.ecrpipeline.PipelineException(Messages.JenkinsHost_RootWorkspace(workspace.getRemote()));
        }
        return temp;
    }
}
