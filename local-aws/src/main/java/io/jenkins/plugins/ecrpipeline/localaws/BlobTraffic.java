package io.jenkins.plugins.ecrpipeline.localaws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one account's registry front saw of blob transfers, and the blob reads it is told to refuse: for tests of a
 * client's uploads (how many at once, which method carried the bytes) and of its retries. Safe from every
 * connection's thread.
 */
public final class BlobTraffic {
    private final AtomicInteger uploading = new AtomicInteger();
    private final AtomicInteger mostUploading = new AtomicInteger();
    private final Map<String, AtomicInteger> uploadsByMethod = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> refusedReads = new ConcurrentHashMap<>();

    /** The most blob upload requests (PATCH or PUT to an upload URL) that were in flight at one moment. */
    public int mostConcurrentUploads() {
        return mostUploading.get();
    }

    /** Upload requests (to an upload URL) with this method that carried a body: {@code PATCH} or {@code PUT}. */
    public int uploadsWithBody(String method) {
        AtomicInteger count = uploadsByMethod.get(method);
        return count == null ? 0 : count.get();
    }

    /** The next {@code times} GETs of the blob answer HTTP 503, as a registry under load may (Integer.MAX_VALUE: every one). */
    public void refuseReads(String digest, int times) {
        refusedReads.put(digest, new AtomicInteger(times));
    }

    /** Forgets what was counted and refused. */
    public void reset() {
        mostUploading.set(uploading.get());
        uploadsByMethod.clear();
        refusedReads.clear();
    }

    boolean refusesRead(String digest) {
        AtomicInteger left = refusedReads.get(digest);
        return left != null && left.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(n - 1, 0)) > 0;
    }

    /** Counts an upload request from its start until {@code close}. */
    Upload upload(String method, boolean body) {
        if (body) {
            uploadsByMethod.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
        }
        mostUploading.accumulateAndGet(uploading.incrementAndGet(), Math::max);
        return uploading::decrementAndGet;
    }

    /** An upload in flight; closing it ends it. */
    interface Upload extends AutoCloseable {
        @Override
        void close();
    }
}
