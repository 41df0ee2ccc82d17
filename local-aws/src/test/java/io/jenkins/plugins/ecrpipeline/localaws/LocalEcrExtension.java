package io.jenkins.plugins.ecrpipeline.localaws;

import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test its own {@link LocalEcrFixture} (a fresh local AWS with ECR and real registries, on the running
 * local stack), closed when the test ends. Tests that need a movable clock build the fixture themselves.
 */
public final class LocalEcrExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalEcrExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalEcrFixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalStack stack = (LocalStack) new LocalStackExtension().resolveParameter(parameter, context);
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(LocalEcrFixture.class, key -> {
            try {
                return new Closing(new LocalEcrFixture(stack, Files.createTempDirectory("local-ecr"), Clock.systemUTC()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the local ECR: " + e.getMessage(), e);
            }
        }, Closing.class).fixture();
    }

    /** Closes the fixture when JUnit drops the test's store. */
    private record Closing(LocalEcrFixture fixture) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            fixture.close();
            deleteQuietly(fixture.dir);
        }

        private static void deleteQuietly(Path dir) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                // a temporary directory left behind is harmless
            }
        }
    }
}
