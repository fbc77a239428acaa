package dev.kiln.sandbox.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * One Open Inference Protocol request in the binary tensor extension: a JSON header naming the input and its
 * {@code binary_data_size}, followed by the tensor's little-endian bytes; the header's length goes in
 * {@value #HEADER_LENGTH}. A third of the size of the same tensor written as JSON numbers, and no number
 * formatting on either side. The answer comes back as JSON.
 *
 * @param body         header and tensor bytes
 * @param headerLength the JSON header's length in bytes
 */
public record OipRequest(byte[] body, int headerLength) {

    public static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A float32 input {@code name} of {@code shape}. */
    public static OipRequest float32(String name, long[] shape, float[] data) {
        long elements = 1;
        for (long d : shape) {
            elements *= d;
        }
        if (elements != data.length) {
            throw new IllegalArgumentException("input " + name + ": shape holds " + elements + " values, data has "
                    + data.length);
        }
        ObjectNode header = JSON.createObjectNode();
        ObjectNode input = header.putArray("inputs").addObject();
        input.put("name", name).put("datatype", "FP32");
        var dims = input.putArray("shape");
        for (long d : shape) {
            dims.add(d);
        }
        input.putObject("parameters").put("binary_data_size", 4L * data.length);
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(json.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        body.put(json);
        body.asFloatBuffer().put(data);
        return new OipRequest(body.array(), json.length);
    }

    /**
     * The class an answer predicts: the index of the highest score in the first output's {@code data} (one row).
     * Empty when the body is not such an answer.
     */
    public static OptionalInt predictedClass(byte[] answer) {
        JsonNode scores;
        try {
            scores = JSON.readTree(answer).at("/outputs/0/data");
        } catch (IOException e) {
            return OptionalInt.empty();
        }
        if (!scores.isArray() || scores.isEmpty()) {
            return OptionalInt.empty();
        }
        int best = 0;
        for (int i = 1; i < scores.size(); i++) {
            if (!scores.get(i).isNumber()) {
                return OptionalInt.empty();
            }
            if (scores.get(i).asDouble() > scores.get(best).asDouble()) {
                best = i;
            }
        }
        return scores.get(0).isNumber() ? OptionalInt.of(best) : OptionalInt.empty();
    }
}
