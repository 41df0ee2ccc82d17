package io.jenkins.plugins.ecrpipeline.cleanup;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;

/** Every manifest of one repository, as one listing saw it. */
record RepositoryListing(String repository, List<ImageRecord> images) implements Serializable {
    private static final long serialVersionUID = 1L;

    public RepositoryListing {
        images = images.stream().sorted(Comparator.comparing(ImageRecord::digest)).toList();
    }
}
