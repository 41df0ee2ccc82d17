package io.jenkins.plugins.ecrpipeline.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a running {@link LocalStack}, started once per test run through {@code scripts/local-stack up}.
 * Nothing is skipped: if the stack cannot start, every test that needs it fails with the script's output.
 */
public final class LocalStackExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(LocalStackExtension.class))
                .getOrComputeIfAbsent(LocalStack.class, key -> {
                    try {
                        return LocalStack.start();
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot start the local stack: " + e.getMessage(), e);
                    }
                }, LocalStack.class);
    }
}
