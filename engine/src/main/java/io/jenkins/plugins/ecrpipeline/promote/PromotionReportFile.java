package io.jenkins.plugins.ecrpipeline.promote;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.jenkins.plugins.ecrpipeline.JsonErrors;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.report.ReportFile;
import java.io.IOException;
import java.time.Instant;

/** A {@link PromotionReport} as the JSON file {@code promote} writes, and read back by {@code deploy}. */
public final class PromotionReportFile {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new SimpleModule().addDeserializer(Instant.class, new InstantDeserializer()))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private PromotionReportFile() {
    }

    public static String json(PromotionReport report) {
        return ReportFile.json(report);
    }

    /** @param source where the text came from, for the error message */
    public static PromotionReport read(byte[] json, String source) {
        try {
            PromotionReport report = JSON.readValue(json, PromotionReport.class);
            if (report.services() == null) {
                throw new IOException("no services");
            }
            return report;
        } catch (IOException | RuntimeException e) {
            throw PipelineException.forField(RequestField.PROMOTION_REPORT, source + " is not a promotion report written by promote: "
                    + JsonErrors.describe(e, json.length), e);
        }
    }

    private static final class InstantDeserializer extends StdDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return Instant.parse(parser.getValueAsString());
        }
    }
}
