package dev.kiln.runtime.serve.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.kiln.runtime.serve.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Encodes an infer response: outputs as JSON {@code data}, or as binary data after the JSON header when asked. */
public final class InferResponseWriter {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    public EncodedResponse write(String modelName, String modelVersion, Optional<String> id, List<Tensor> outputs,
                                 Set<String> binaryOutputs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("model_name", modelName);
            json.writeStringField("model_version", modelVersion);
            if (id.isPresent()) {
                json.writeStringField("id", id.get());
            }
            json.writeArrayFieldStart("outputs");
            for (Tensor output : outputs) {
                json.writeStartObject();
                json.writeStringField("name", output.name());
                json.writeStringField("datatype", output.datatype().name());
                json.writeArrayFieldStart("shape");
                for (long dim : output.shape()) {
                    json.writeNumber(dim);
                }
                json.writeEndArray();
                if (binaryOutputs.contains(output.name())) {
                    json.writeObjectFieldStart("parameters");
                    json.writeNumberField("binary_data_size", output.byteSize());
                    json.writeEndObject();
                } else {
                    json.writeArrayFieldStart("data");
                    writeData(json, output);
                    json.writeEndArray();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (binaryOutputs.isEmpty()) {
            return new EncodedResponse(bytes.toByteArray(), OptionalInt.empty());
        }
        int headerLength = bytes.size();
        for (Tensor output : outputs) {
            if (binaryOutputs.contains(output.name())) {
                ByteBuffer data = output.data().duplicate();
                byte[] raw = new byte[data.remaining()];
                data.get(raw);
                bytes.writeBytes(raw);
            }
        }
        return new EncodedResponse(bytes.toByteArray(), OptionalInt.of(headerLength));
    }

    private static void writeData(JsonGenerator json, Tensor tensor) throws IOException {
        ByteBuffer data = tensor.data();
        int start = data.position();
        int count = Math.toIntExact(tensor.elementCount());
        for (int i = 0; i < count; i++) {
            switch (tensor.datatype()) {
                case BOOL -> json.writeBoolean(data.get(start + i) != 0);
                case UINT8 -> json.writeNumber(data.get(start + i) & 0xFF);
                case INT8 -> json.writeNumber(data.get(start + i));
                case INT16 -> json.writeNumber(data.getShort(start + 2 * i));
                case INT32 -> json.writeNumber(data.getInt(start + 4 * i));
                case INT64 -> json.writeNumber(data.getLong(start + 8 * i));
                case FP16 -> json.writeNumber(ai.onnxruntime.platform.Fp16Conversions.fp16ToFloat(data.getShort(start + 2 * i)));
                case FP32 -> json.writeNumber(data.getFloat(start + 4 * i));
                case FP64 -> json.writeNumber(data.getDouble(start + 8 * i));
            }
        }
    }
}
