package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.model.Run;
import jenkins.model.RunAction2;

/** What the build-page summaries share: no sidebar link and no page of their own, only their {@code summary.jelly}. */
abstract class BuildPageSummary implements RunAction2 {
    private transient Run<?, ?> run;

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
