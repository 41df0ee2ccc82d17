package io.jenkins.plugins.ecrpipeline.cleanup;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jenkins.plugins.ecrpipeline.JsonErrors;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.report.ReportFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON file a dry run writes and an execution reads: a header (registry, snapshot time), then one block per
 * repository (its totals, warnings and every entry) as each is planned, then the run's totals. Written and read as a
 * stream, one repository at a time, so neither side holds the whole registry's plan.
 */
final class CleanupPlanFile {
    /** Bumped when the file's meaning changes, so an old plan is refused rather than misread. 2: blocks per repository. */
    static final int FORMAT = 2;

    private CleanupPlanFile() {
    }

    /** One repository's block. */
    record Block(String repository, long images, long imagesToDelete, long bytesToFree, List<String> warnings, List<PlanEntry> entries) {
    }

    /** The head and tail of a plan file: where it is for and when it was made, and its totals (present only in a complete file). */
    public record Summary(String registry, Instant snapshotAt, int repositories, CleanupTotals totals) {
    }

    /** Writes a plan file repository by repository; safe from several threads (a block is never split). */
    public static final class Writer implements AutoCloseable {
        private final OutputStream out;
        private final JsonGenerator json;
        private int repositories;

        public Writer(OutputStream out, String registry, Instant snapshotAt) {
            this.out = out;
            try {
                json = ReportFile.generator(out);
                json.writeStartObject();
                json.writeNumberField("format", FORMAT);
                json.writeStringField("registry", registry);
                json.writeStringField("snapshotAt", snapshotAt.toString());
                json.writeArrayFieldStart("repositories");
            } catch (IOException e) {
                throw cannotWrite(e);
            }
        }

        public synchronized void add(RepositoryPlan plan) {
            try {
                json.writeObject(new Block(plan.repository(), plan.entries().size(), plan.deletions().size(), plan.bytesToFree(), plan.warnings(),
                        plan.entries()));
                repositories++;
            } catch (IOException e) {
                throw cannotWrite(e);
            }
        }

        /** Ends the file with the run's totals: a file without them is incomplete, and execution refuses it. */
        public synchronized void finish(CleanupTotals totals) {
            try {
                json.writeEndArray();
                json.writeNumberField("repositoryCount", repositories);
                json.writeObjectField("totals", totals);
                json.writeEndObject();
            } catch (IOException e) {
                throw cannotWrite(e);
            }
        }

        private static PipelineException cannotWrite(IOException e) {
            return PipelineException.forField(RequestField.PLAN_FILE, "cannot write the plan file: " + e.getMessage(), e);
        }

        @Override
        public void close() throws IOException {
            try {
                json.close();
            } finally {
                out.close();
            }
        }
    }

    /** Reads a plan file repository by repository: {@link #next()} until it answers null. */
    public static final class Reader implements AutoCloseable {
        private final JsonParser json;
        private final JsonErrors.CountingInput input;
        private final String source;
        private final Set<String> seen = new HashSet<>();
        private final String registry;
        private final Instant snapshotAt;
        private boolean done;

        /** @param source where the text comes from, for error messages */
        public Reader(InputStream in, String source) {
            this.source = source;
            this.input = new JsonErrors.CountingInput(in);
            try {
                json = ReportFile.parser(input);
                String[] header = header(json);
                registry = header[0];
                snapshotAt = Instant.parse(header[1]);
            } catch (IOException | RuntimeException e) {
                throw invalid(source, e, input);
            }
        }

        public String registry() {
            return registry;
        }

        public Instant snapshotAt() {
            return snapshotAt;
        }

        /** The next repository's plan, or null after the last. */
        public RepositoryPlan next() {
            if (done) {
                return null;
            }
            try {
                JsonToken token = json.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    done = true;
                    return null;
                }
                if (token != JsonToken.START_OBJECT) {
                    throw new IOException("a repository block expected, found " + token);
                }
                Block block = json.readValueAs(Block.class);
                if (block.repository() == null || block.entries() == null || !seen.add(block.repository())) {
                    throw new IOException("a repository block without a name or entries, or a repository twice: " + block.repository());
                }
                for (PlanEntry e : block.entries()) {
                    if (!block.repository().equals(e.repository()) || e.digest() == null || !e.digest().matches("sha256:[0-9a-f]{64}")
                            || e.tags() == null || e.pushedAt() == null) {
                        throw new IOException("an entry of " + block.repository() + " without its repository, a sha256 digest, tags or push time: " + e);
                    }
                }
                return new RepositoryPlan(block.repository(), block.entries(), block.warnings() == null ? List.of() : block.warnings());
            } catch (IOException | RuntimeException e) {
                throw invalid(source, e, input);
            }
        }

        @Override
        public void close() throws IOException {
            json.close();
        }
    }

    /**
     * Reads the whole file as a stream, holding nothing of it, and answers its head and totals; a file that is not a
     * complete plan of this format (cut short by an interrupted dry run, say) is an error naming the file.
     */
    public static Summary check(InputStream in, String source) {
        JsonErrors.CountingInput input = new JsonErrors.CountingInput(in);
        try (JsonParser json = ReportFile.parser(input)) {
            String[] header = header(json);
            int blocks = 0;
            for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
                if (token != JsonToken.START_OBJECT) {
                    throw new IOException("a repository block expected, found " + token);
                }
                json.skipChildren();
                blocks++;
            }
            CleanupTotals totals = null;
            Integer count = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                json.nextToken();
                if (name.equals("totals")) {
                    totals = json.readValueAs(CleanupTotals.class);
                } else if (name.equals("repositoryCount")) {
                    count = json.getIntValue();
                } else {
                    json.skipChildren();
                }
            }
            if (totals == null || count == null || count != blocks) {
                throw new IOException("it ends before its totals: the dry run that wrote it did not finish");
            }
            return new Summary(header[0], Instant.parse(header[1]), blocks, totals);
        } catch (IOException | RuntimeException e) {
            throw invalid(source, e, input);
        }
    }

    /** Reads up to the start of the repository blocks: format, registry, snapshot time, in that order (the writer's). */
    private static String[] header(JsonParser json) throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT || !"format".equals(json.nextFieldName())) {
            throw new IOException("not a plan: it does not start with its format");
        }
        json.nextToken();
        int format = json.getIntValue();
        if (format != FORMAT) {
            throw new IOException("a format " + format + " plan; this version reads format " + FORMAT + " (make the plan again with a dry run)");
        }
        String registry = "registry".equals(json.nextFieldName()) ? json.nextTextValue() : null;
        String snapshotAt = "snapshotAt".equals(json.nextFieldName()) ? json.nextTextValue() : null;
        if (registry == null || snapshotAt == null || !"repositories".equals(json.nextFieldName()) || json.nextToken() != JsonToken.START_ARRAY) {
            throw new IOException("not a format " + FORMAT + " plan with a registry, a snapshot time and repositories, in that order");
        }
        return new String[] {registry, snapshotAt};
    }

    private static PipelineException invalid(String source, Exception e, JsonErrors.CountingInput input) {
        long length = input.lengthIfEnded();
        return PipelineException.forField(RequestField.PLAN_FILE, source + " is not a cleanup plan written by a dry run: " + JsonErrors.describe(e, length)
                + (JsonErrors.cutOff(e, length) ? "; make the plan again with a dry run" : ""), e);
    }

    /** A whole plan as text (tests, small plans): the file a dry run writes for these repository plans, in this order. */
    public static String json(String registry, Instant snapshotAt, List<RepositoryPlan> plans) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CleanupTotals totals = CleanupTotals.NONE;
        try (Writer writer = new Writer(out, registry, snapshotAt)) {
            for (RepositoryPlan plan : plans) {
                writer.add(plan);
                totals = totals.plus(new CleanupTotals(plan.entries().size(), plan.deletions().size(), plan.bytesToFree(), 0, 0, 0, 0));
            }
            writer.finish(totals);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Every repository plan of a file (tests, small plans); checked as an execution checks it. */
    public static List<RepositoryPlan> readAll(byte[] json, String source) {
        check(new ByteArrayInputStream(json), source);
        List<RepositoryPlan> plans = new ArrayList<>();
        try (Reader reader = new Reader(new ByteArrayInputStream(json), source)) {
            for (RepositoryPlan plan = reader.next(); plan != null; plan = reader.next()) {
                plans.add(plan);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return plans;
    }
}
