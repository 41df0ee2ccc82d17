package io.jenkins.plugins.ecrpipeline.jenkins;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.Set;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The descriptor of a step that calls AWS: its form offers the AWS credentials the job may use for
 * {@code credentialsId}. Public only for the forms (Stapler calls {@link #doFillCredentialsIdItems}).
 */
@Restricted(NoExternalUse.class)
public abstract class AwsStepDescriptor extends ListFieldsStepDescriptor {
    /**
     * The AWS credentials in the job's scope (its folders' and the global ones), or in the global scope outside a job.
     * Listed only to those who may configure the job (or who may use its credentials), and outside a job only to
     * administrators, as the Credentials plugin asks of every such list; anyone else sees the current value alone.
     */
    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
        StandardListBoxModel items = new StandardListBoxModel();
        if (item == null ? !Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : !item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            items.includeCurrentValue(credentialsId);
            return items;
        }
        items.includeEmptyValue();
        if (item == null) {
            items.includeAs(ACL.SYSTEM2, Jenkins.get(), AmazonWebServicesCredentials.class);
        } else {
            // What the job's builds may use: the credentials visible to the authentication they run as.
            items.includeAs(item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2, item,
                    AmazonWebServicesCredentials.class);
        }
        items.includeCurrentValue(credentialsId);
        return items;
    }

    /**
     * The {@code region} field's check, the same for every step that has one: the engine's own region check. POST only,
     * as Jenkins asks of checks that take user input; it reads nothing from Jenkins, so it needs no permission.
     */
    @POST
    public FormValidation doCheckRegion(@QueryParameter String value) {
        return FormChecks.region(value);
    }

    /** What such a step reads from its context: the agent's workspace and launcher, the build's environment, log and run. */
    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(FilePath.class, Launcher.class, EnvVars.class, TaskListener.class, Run.class);
    }
}
