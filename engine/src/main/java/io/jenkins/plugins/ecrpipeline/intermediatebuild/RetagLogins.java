package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.ecr.EcrPassword;
import io.jenkins.plugins.ecrpipeline.ecr.EcrPasswords;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.registry.RegistryClient;
import io.jenkins.plugins.ecrpipeline.registry.RegistryCredentials;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The registry API's logins for the tags set after the first push, found as docker push finds its own: this run's ECR
 * passwords (as renewed before each push), else docker's config directory (its credential helpers, its stored
 * logins). The config is read ahead while the run waits on docker ({@link #prepare}), or else at the first name that
 * needs it; never before the build can fail on it: a config docker itself only warns about (unreadable, say) then costs
 * the short way, never the build. {@link RegistryRetag} calls it one call at a time.
 */
final class RetagLogins implements RegistryRetag.Logins {
    private final Supplier<EcrPasswords> ecr;
    private final String configDirectory;
    private final Host host;
    private RegistryCredentials config;

    RetagLogins(Supplier<EcrPasswords> ecr, String configDirectory, Host host) {
        this.ecr = ecr;
        this.configDirectory = configDirectory;
        this.host = host;
    }

    @Override
    public Optional<RegistryClient.Login> forRegistry(String registry) throws InterruptedException {
        for (EcrPassword password : ecr.get().all()) {
            if (password.host().equals(registry)) {
                return Optional.of(new RegistryClient.Login(EcrPassword.USER, password.password()));
            }
        }
        return config().forRegistry(registry);
    }

    /** Reads the config ahead, while the run waits on docker (what it costs, JSON parsing set up, is spent then). */
    @Override
    public void prepare() throws InterruptedException {
        config();
    }

    private RegistryCredentials config() throws InterruptedException {
        if (config == null) {
            Optional<byte[]> json;
            try {
                json = host.files().read(Path.of(configDirectory, "config.json").toString());
            } catch (PipelineException e) {
                json = Optional.empty();
            }
            config = RegistryCredentials.of(json, Map.of(), host.runner());
        }
        return config;
    }
}
