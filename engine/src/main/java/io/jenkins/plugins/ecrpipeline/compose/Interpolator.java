package io.jenkins.plugins.ecrpipeline.compose;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:?message}},
 * {@code ${VAR?message}} and {@code $$} in compose values, as docker-compose does. Defaults are taken literally
 * (not interpolated again), like docker-compose v1.
 */
final class Interpolator {
    private static final String NAME = "[_a-zA-Z][_a-zA-Z0-9]*";
    private static final Pattern REFERENCE = Pattern.compile(
            "\\$(?:(?<escaped>\\$)|(?<bare>" + NAME + ")|\\{(?<braced>" + NAME + ")(?:(?<op>:?[-?])(?<arg>[^}]*))?}|(?<invalid>))");

    private final Map<String, String> variables;

    /** @param variables the values to substitute: the environment over the project's {@code .env} */
    public Interpolator(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** The value of a variable, or null when it is not set. */
    public String lookup(String name) {
        return variables.get(name);
    }

    /**
     * Interpolates one value.
     *
     * @param what names the value for error messages, e.g. {@code service "web" build.args.RUBY}
     */
    public String interpolate(String text, SourceLocation where, String what) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replacement(m, text, where, what)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String replacement(Matcher m, String text, SourceLocation where, String what) {
        if (m.group("escaped") != null) {
            return "$";
        }
        if (m.group("bare") != null) {
            return variables.getOrDefault(m.group("bare"), "");
        }
        if (m.group("braced") == null) {
            throw new ComposeException(where, "invalid interpolation in " + what + ": '" + text
                    + "'. Write ${NAME} or $NAME for a variable, and $$ for a literal dollar sign.");
        }
        String name = m.group("braced");
        String value = variables.get(name);
        String op = m.group("op");
        if (op == null) {
            return value == null ? "" : value;
        }
        boolean treatEmptyAsUnset = op.startsWith(":");
        boolean missing = value == null || (treatEmptyAsUnset && value.isEmpty());
        if (!missing) {
            return value;
        }
        String arg = m.group("arg");
        if (op.endsWith("-")) {
            return arg;
        }
        String reason = arg.isEmpty() ? "" : ": " + arg;
        throw new ComposeException(where, "required variable " + name + " is "
                + (value == null ? "not set" : "empty") + " (used in " + what + ")" + reason
                + ". Set " + name + " in the environment or in the project's .env file.");
    }
}
