package io.jenkins.plugins.ecrpipeline.cleanup;

/**
 * One image's decision while {@link CleanupPlanner} makes a plan: null reasons mean undecided. Mutable because the
 * planner and the rules decide in turns; it never leaves the planning of one repository.
 */
final class Decision {
    final ImageRecord image;
    String keep;
    String delete;

    Decision(ImageRecord image) {
        this.image = image;
    }

    boolean undecided() {
        return keep == null && delete == null;
    }
}
