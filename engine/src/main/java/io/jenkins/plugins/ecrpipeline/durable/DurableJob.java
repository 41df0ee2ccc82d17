package io.jenkins.plugins.ecrpipeline.durable;

import io.jenkins.plugins.ecrpipeline.cleanup.CleanupReport;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupRequest;
import io.jenkins.plugins.ecrpipeline.cleanup.ImageCleanup;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildReport;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildRequest;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.IntermediateBuild;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.promote.ImagePromotion;
import io.jenkins.plugins.ecrpipeline.promote.PromotionReport;
import io.jenkins.plugins.ecrpipeline.promote.PromotionRequest;
import java.io.Serializable;
import java.util.List;

/**
 * An operation run by {@link DurableJobMain} in a process of its own on the agent, so that it outlives the JVM that
 * started it (a Jenkins controller that restarts): the request, and where it works. Written by the controller, read
 * by the process; the result goes back as JSON ({@link DurableOutcome}).
 */
public sealed interface DurableJob extends Serializable {
    /** The workspace that request paths are relative to. */
    String workspace();

    /** Where private files (a docker config holding logins) go; deleted by whoever started the job. */
    String temp();

    /** Runs the operation with this host; its report is what {@link DurableOutcome} carries back. */
    Object run(Host host) throws InterruptedException;

    /** Whether the report says that the operation failed in part (its process exits 1). */
    boolean failedInPart(Object report);

    /** Options for the job's JVM, before its class path: none but what the operation needs. */
    default List<String> jvmOptions() {
        return List.of();
    }

    /** {@code ecrPromote}: reads every source and target, then tags or copies, with this process's credentials. */
    record Promote(PromotionRequest request, String workspace, String temp) implements DurableJob {
        private static final long serialVersionUID = 1L;

        /**
         * A small heap and larger HTTP buffers, as bin/ecr-image-pipeline gives the CLI's promote (its comment says why):
         * a promotion streams gigabytes through short-lived buffers, and with the JVM's default heap its RSS grows with
         * the image. LauncherIT holds the launcher to the same words.
         */
        public static final List<String> JVM_OPTIONS = List.of("-Xms16m", "-Xmx48m", "-Djdk.httpclient.bufsize=65536");

        @Override
        public List<String> jvmOptions() {
            return JVM_OPTIONS;
        }

        @Override
        public PromotionReport run(Host host) throws InterruptedException {
            return ImagePromotion.promote(request, host);
        }

        @Override
        public boolean failedInPart(Object report) {
            return !((PromotionReport) report).failures().isEmpty();
        }
    }

    /** {@code ecrCleanup}: plans repository by repository and, unless a dry run, deletes what it planned. */
    record Cleanup(CleanupRequest request, String workspace, String temp) implements DurableJob {
        private static final long serialVersionUID = 1L;

        @Override
        public CleanupReport run(Host host) throws InterruptedException {
            return ImageCleanup.run(request, host);
        }

        @Override
        public boolean failedInPart(Object report) {
            return !((CleanupReport) report).succeeded();
        }
    }

    /** {@code intermediateBuild}: plans, logs in to ECR with this process's credentials, builds and pushes. */
    record Build(BuildRequest request, String workspace, String temp) implements DurableJob {
        private static final long serialVersionUID = 1L;

        @Override
        public BuildReport run(Host host) throws InterruptedException {
            return IntermediateBuild.run(request, host);
        }

        @Override
        public boolean failedInPart(Object report) {
            return !((BuildReport) report).succeeded();
        }
    }
}
