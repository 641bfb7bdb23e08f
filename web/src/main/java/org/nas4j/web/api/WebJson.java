package org.nas4j.web.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;
import org.nas4j.core.Architecture;
import org.nas4j.core.Json;
import org.nas4j.core.read.FinalTraining;

/**
 * The dashboard's JSON mapper: nas4j's mapper plus strict JSON for browsers: NaN and infinities are written as
 * null, instants as ISO-8601 text, architectures in their file form, a final training with the fields the API documents
 * (not its params and seconds). Thread-safe.
 */
public final class WebJson {
    public static final ObjectMapper MAPPER = Json.MAPPER.copy().registerModule(new SimpleModule("nas4j-web")
            .addSerializer(Double.class, new FiniteDouble())
            .addSerializer(double.class, new FiniteDouble())
            .addSerializer(Instant.class, ToStringSerializer.instance)
            .addSerializer(Architecture.class, new ArchitectureSerializer()))
            .addMixIn(FinalTraining.class, FinalTrainingFields.class);

    @JsonIgnoreProperties({"params", "seconds"})
    private interface FinalTrainingFields {}

    private WebJson() {}

    private static final class FiniteDouble extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value == null || value.isNaN() || value.isInfinite()) {
                gen.writeNull();
            } else {
                gen.writeNumber(value);
            }
        }
    }

    private static final class ArchitectureSerializer extends JsonSerializer<Architecture> {
        @Override
        public void serialize(Architecture value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeTree(value.toJson());
        }
    }
}
