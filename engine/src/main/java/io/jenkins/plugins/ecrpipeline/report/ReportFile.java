package io.jenkins.plugins.ecrpipeline.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/** A {@link BuildReport} (or a plan) as JSON: instants in ISO-8601, durations in milliseconds; and such files read back. */
public final class ReportFile {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new SimpleModule()
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(Duration.class, new DurationMillisSerializer()))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** Reads what {@link #json} wrote: instants from ISO-8601; fields a newer writer added are ignored. */
    private static final ObjectMapper READER = JsonMapper.builder()
            .addModule(new SimpleModule().addDeserializer(Instant.class, new InstantDeserializer())
                    .addDeserializer(Duration.class, new DurationMillisDeserializer()))
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ReportFile() {
    }

    /** A streaming writer with {@link #json}'s rules (indented, instants in ISO-8601), for files too big to build in memory. */
    public static com.fasterxml.jackson.core.JsonGenerator generator(java.io.OutputStream out) throws IOException {
        return JSON.getFactory().createGenerator(out).useDefaultPrettyPrinter();
    }

    /** A streaming reader with {@link #read}'s rules, for files too big to read whole. */
    public static com.fasterxml.jackson.core.JsonParser parser(java.io.InputStream in) throws IOException {
        return READER.getFactory().createParser(in);
    }

    /** A value of {@code type} from JSON that {@link #json} wrote. */
    public static <T> T read(byte[] json, Class<T> type) throws IOException {
        return READER.readValue(json, type);
    }

    private static final class InstantDeserializer extends com.fasterxml.jackson.databind.deser.std.StdDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(com.fasterxml.jackson.core.JsonParser parser, com.fasterxml.jackson.databind.DeserializationContext context)
                throws IOException {
            return Instant.parse(parser.getValueAsString());
        }
    }

    private static final class DurationMillisDeserializer extends com.fasterxml.jackson.databind.deser.std.StdDeserializer<Duration> {
        private static final long serialVersionUID = 1L;

        DurationMillisDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(com.fasterxml.jackson.core.JsonParser parser, com.fasterxml.jackson.databind.DeserializationContext context)
                throws IOException {
            return Duration.ofMillis(parser.getValueAsLong());
        }
    }

    /** Any result or plan value as JSON, the way the report file is written. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static final class DurationMillisSerializer extends com.fasterxml.jackson.databind.ser.std.StdSerializer<Duration> {
        private static final long serialVersionUID = 1L;

        DurationMillisSerializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, com.fasterxml.jackson.core.JsonGenerator gen,
                com.fasterxml.jackson.databind.SerializerProvider provider) throws IOException {
            gen.writeNumber(value.toMillis());
        }
    }
}
