package io.jenkins.plugins.ecrpipeline.cli;

import picocli.CommandLine;

/** The version from the jar manifest, so it always matches the build. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"ecr-image-pipeline " + (version == null ? "(development build)" : version)};
    }
}
