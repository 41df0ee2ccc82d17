package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.model.Descriptor;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest;

/**
 * A step descriptor whose form (the Snippet Generator's) edits the step's {@code List<String>} parameters as text
 * areas, one entry per line, as {@code withEnv}'s form does: Jenkins has no standard control for a list of strings
 * (JENKINS-27901). A Pipeline script still passes a list. Public only so that the forms can call {@link #lines}.
 */
@Restricted(NoExternalUse.class)
public abstract class ListFieldsStepDescriptor extends StepDescriptor {
    /** The text area's text for {@code entries}, one per line; used by the steps' {@code config.jelly}. */
    public String lines(List<String> entries) {
        return entries == null ? "" : String.join("\n", entries);
    }

    @Override
    public Step newInstance(StaplerRequest request, JSONObject formData) throws Descriptor.FormException {
        JSONObject data = JSONObject.fromObject(formData);
        for (String field : listFields()) {
            if (data.opt(field) instanceof String text) {
                data.put(field, entries(text));
            }
        }
        return super.newInstance(request, data);
    }

    /** A text area's entries: its lines, stripped, blank ones dropped. */
    static List<String> entries(String text) {
        List<String> entries = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (!line.isBlank()) {
                entries.add(line.strip());
            }
        }
        return entries;
    }

    /** The {@code @DataBoundSetter} parameters of type {@code List}. */
    private List<String> listFields() {
        List<String> fields = new ArrayList<>();
        for (Method setter : clazz.getMethods()) {
            if (setter.isAnnotationPresent(DataBoundSetter.class) && setter.getParameterCount() == 1
                    && setter.getParameterTypes()[0] == List.class && setter.getName().startsWith("set")) {
                fields.add(Introspector.decapitalize(setter.getName().substring(3)));
            }
        }
        return fields;
    }
}
