package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.ecrpipeline.durable.DurableJob;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildReport;
import io.jenkins.plugins.ecrpipeline.report.ReportFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * {@code intermediateBuild}'s run: plans, logs in to ECR with the agent's credentials, builds and pushes in a process
 * of its own on the agent, which goes on when the controller restarts; the step follows its log and finishes with its
 * report: the build page's summary, the archived report, and the services' maps or the failure.
 */
final class IntermediateBuildExecution extends DurableJobExecution<List<Map<String, Object>>> {
    private static final long serialVersionUID = 1L;
    /** Read when the job starts; not saved (the job holds what it needs). */
    private final transient IntermediateBuildStep step;
    private final String reportFile;

    IntermediateBuildExecution(IntermediateBuildStep step, StepContext context) {
        super("intermediateBuild", step.getCredentialsId(), context);
        this.step = step;
        this.reportFile = IntermediateBuildMapping.reportFile(step.getReport(), step.getShard());
    }

    @Override
    protected DurableJob job(FilePath workspace, String temp, EnvVars environment) {
        return new DurableJob.Build(IntermediateBuildMapping.request(step, environment), workspace.getRemote(), temp);
    }

    @Override
    protected List<Map<String, Object>> finish(String report, FilePath workspace, Launcher launcher, TaskListener listener) throws Exception {
        BuildReport result = ReportFile.read(report.getBytes(StandardCharsets.UTF_8), BuildReport.class);
        Run<?, ?> run = getContext().get(Run.class);
        run.addAction(new ImageBuildAction(result));
        Util.archive(reportFile, run, workspace, getContext().get(EnvVars.class), launcher, listener);
        Optional<String> failure = IntermediateBuildMapping.failure(result);
        if (failure.isPresent()) {
            throw new AbortException(failure.get());
        }
        return IntermediateBuildMapping.toPipeline(result);
    }
}
