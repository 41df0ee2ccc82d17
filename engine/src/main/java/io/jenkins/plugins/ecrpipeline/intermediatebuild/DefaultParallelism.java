package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * How many services build at once when nobody said: all of them, because nightly builds mostly wait (dependency
 * downloads, registry round trips) rather than compute, but no more than the memory of the machine allows, so a
 * small agent is not run out of memory the way unbounded parallel builds (buildx bake) are known to.
 *
 * @param services how many services the run builds
 * @param availableBytes memory available to new work, or -1 when unknown
 */
record DefaultParallelism(int services, long availableBytes) {
    /** What one build is assumed to need at most: BuildKit, a RUN step's package manager, layer compression. */
    static final long BYTES_PER_BUILD = 1L << 30;
    /** Beyond this, more builds at once only queue in the daemon. */
    static final int CEILING = 32;

    static DefaultParallelism of(int services) {
        return new DefaultParallelism(services, availableMemory(Path.of("/proc/meminfo"), Path.of("/sys/fs/cgroup/memory.max"),
                Path.of("/sys/fs/cgroup/memory.current")).orElse(-1));
    }

    int value() {
        int byMemory = availableBytes < 0 ? CEILING : (int) Math.max(1, Math.min(CEILING, availableBytes / BYTES_PER_BUILD));
        return Math.max(1, Math.min(Math.max(1, services), byMemory));
    }

    /** Why {@link #value()} is what it is, for the plan and the log. */
    String reason() {
        if (availableBytes < 0) {
            return "every service at once (memory unknown, at most " + CEILING + ")";
        }
        String memory = String.format(java.util.Locale.ROOT, "%.1f GiB available, 1 GiB per build", availableBytes / (double) (1L << 30));
        return value() < services ? "memory guard: " + memory : "every service at once; " + memory;
    }

    /**
     * MemAvailable from the kernel, lowered to what the cgroup limit leaves (an agent in a container sees the host's
     * meminfo).
     */
    static OptionalLong availableMemory(Path meminfo, Path cgroupMax, Path cgroupCurrent) {
        OptionalLong available = OptionalLong.empty();
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemAvailable:")) {
                    available = OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        try {
            List<String> max = Files.readAllLines(cgroupMax);
            List<String> current = Files.readAllLines(cgroupCurrent);
            if (!max.isEmpty() && !current.isEmpty() && !max.get(0).strip().equals("max") && available.isPresent()) {
                long left = Long.parseLong(max.get(0).strip()) - Long.parseLong(current.get(0).strip());
                return OptionalLong.of(Math.max(0, Math.min(available.getAsLong(), left)));
            }
        } catch (IOException | NumberFormatException e) {
            // No cgroup v2 limit readable: the kernel's figure stands.
        }
        return available;
    }
}
