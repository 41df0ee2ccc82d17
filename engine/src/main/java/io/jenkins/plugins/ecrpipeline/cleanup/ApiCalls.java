package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.Retrying;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts a backend's calls per operation (a logical call, whatever its retries) and every retried attempt, so that a
 * run can be compared with the fewest calls its listing and plan need. Safe from several threads.
 */
final class ApiCalls implements Retrying.Counter {
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong retries = new AtomicLong();

    @Override
    public void call(String operation) {
        calls.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void retried(long attempts) {
        retries.addAndGet(attempts);
    }

    /** Calls per operation, sorted by operation. */
    public Map<String, Long> byOperation() {
        Map<String, Long> copy = new TreeMap<>();
        calls.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public long total() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Attempts that were sent again after throttling, a server error or a broken connection. */
    public long retries() {
        return retries.get();
    }
}
