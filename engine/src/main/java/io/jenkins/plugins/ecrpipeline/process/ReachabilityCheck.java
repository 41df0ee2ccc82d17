package io.jenkins.plugins.ecrpipeline.process;

/** Fails with what to do when a registry cannot be reached from where docker runs. */
@FunctionalInterface
public interface ReachabilityCheck {
    void requireReachable(String registryHost) throws InterruptedException;
}
