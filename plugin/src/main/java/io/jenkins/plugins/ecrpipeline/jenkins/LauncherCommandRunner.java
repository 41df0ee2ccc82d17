package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import hudson.console.LineTransformationOutputStream;
import io.jenkins.plugins.ecrpipeline.process.Command;
import io.jenkins.plugins.ecrpipeline.process.CommandNotFoundException;
import io.jenkins.plugins.ecrpipeline.process.CommandResult;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.OutputTail;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the engine's commands through the build's {@link Launcher}, so {@code withEnv}, {@code container()} and
 * {@code docker.inside} apply, with the build's environment; a password goes to standard input, never to the
 * command line. An interrupt (the stop button) kills the process.
 */
final class LauncherCommandRunner implements CommandRunner {
    private final Launcher launcher;
    private final FilePath workspace;
    private final EnvVars environment;
    private volatile boolean workspaceExists;

    LauncherCommandRunner(Launcher launcher, FilePath workspace, EnvVars environment) {
        this.launcher = launcher;
        this.workspace = workspace;
        this.environment = environment;
    }

    @Override
    public CommandResult run(Command command, Consumer<String> output) throws InterruptedException {
        ensureWorkspace();
        EnvVars env = new EnvVars(environment);
        env.putAll(command.environment());
        OutputTail tail = new OutputTail();
        LineTransformationOutputStream lines = new LineTransformationOutputStream() {
            @Override
            protected void eol(byte[] bytes, int length) {
                String line = trimEOL(new String(bytes, 0, length, StandardCharsets.UTF_8));
                output.accept(line);
                tail.add(line);
            }
        };
        Launcher.ProcStarter starter = launcher.launch().cmds(command.arguments()).envs(env).quiet(true).stdout(lines)
                .pwd(command.workingDirectory() != null ? new FilePath(workspace.getChannel(), command.workingDirectory().toString()) : workspace);
        if (command.standardInput() != null) {
            starter.stdin(new ByteArrayInputStream(command.standardInput().utf8()));
        }
        Proc proc;
        try {
            proc = starter.start();
        } catch (IOException e) {
            throw new CommandNotFoundException(command.executable(), e);
        }
        try {
            int exit = proc.join();
            lines.forceEol();
            return new CommandResult(exit, tail.lines());
        } catch (InterruptedException e) {
            kill(proc);
            throw e;
        } catch (IOException e) {
            kill(proc);
            return new CommandResult(-1, List.of(Messages.LauncherCommandRunner_ConnectionLost(command.executable(), e.getMessage())));
        }
    }

    /** A job's first step may run before anything created its workspace; processes start there, as sh's do. */
    private void ensureWorkspace() throws InterruptedException {
        if (workspaceExists) {
            return;
        }
        try {
            workspace.mkdirs();
            workspaceExists = true;
        } catch (IOException e) {
            throw new io.jenkins.plugins.ecrpipeline.PipelineException(Messages.LauncherCommandRunner_NoWorkspace(workspace.getRemote(),
                    e.getMessage()), e);
        }
    }

    private static void kill(Proc proc) {
        try {
            proc.kill();
        } catch (IOException | InterruptedException e) {
            // The process or its channel is gone already; nothing else can be done.
        }
    }
}
