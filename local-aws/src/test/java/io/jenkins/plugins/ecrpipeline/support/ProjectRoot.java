package io.jenkins.plugins.ecrpipeline.support;

import java.nio.file.Path;

/** The repository's root directory, where scripts/, examples/ and vars/ live (the tests run in a module directory). */
public final class ProjectRoot {
    private ProjectRoot() {
    }

    public static Path path() {
        String configured = System.getProperty("ecrpipeline.projectRoot");
        if (configured == null) {
            throw new IllegalStateException("the system property ecrpipeline.projectRoot is not set; run the tests with Maven");
        }
        return Path.of(configured).toAbsolutePath().normalize();
    }

    public static Path resolve(String relative) {
        return path().resolve(relative);
    }
}
