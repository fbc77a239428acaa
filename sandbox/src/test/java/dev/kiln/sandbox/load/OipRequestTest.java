package dev.kiln.sandbox.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OipRequestTest {

    @Test
    void headerNamesTheInputAndItsByteSizeAndTheTensorFollowsLittleEndian() throws Exception {
        OipRequest request = OipRequest.float32("x", new long[]{1, 3}, new float[]{1.5f, -2f, 0.25f});
        JsonNode header = new ObjectMapper().readTree(new String(request.body(), 0, request.headerLength(),
                StandardCharsets.UTF_8));
        JsonNode input = header.at("/inputs/0");
        assertThat(input.path("name").asText()).isEqualTo("x");
        assertThat(input.path("datatype").asText()).isEqualTo("FP32");
        assertThat(input.path("shape").toString()).isEqualTo("[1,3]");
        assertThat(input.at("/parameters/binary_data_size").asLong()).isEqualTo(12);
        assertThat(request.body()).hasSize(request.headerLength() + 12);
        ByteBuffer tensor = ByteBuffer.wrap(Arrays.copyOfRange(request.body(), request.headerLength(), request.body().length))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new float[]{tensor.getFloat(), tensor.getFloat(), tensor.getFloat()}).containsExactly(1.5f, -2f, 0.25f);
    }

    @Test
    void dataThatDoesNotFillTheShapeIsRefused() {
        assertThatThrownBy(() -> OipRequest.float32("x", new long[]{1, 3, 2}, new float[5]))
                .hasMessageContaining("input x").hasMessageContaining("6").hasMessageContaining("5");
    }

    @Test
    void theClassIsTheHighestScoreOfTheFirstOutput() {
        assertThat(OipRequest.predictedClass(answer("[0.9, 0.1]"))).hasValue(0);
        assertThat(OipRequest.predictedClass(answer("[0.2, 0.8]"))).hasValue(1);
        assertThat(OipRequest.predictedClass(answer("[0.1, 0.2, 0.7, 0.0]"))).hasValue(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"error\": \"model not ready\"}", "{\"outputs\": []}",
            "{\"outputs\": [{\"data\": []}]}", "{\"outputs\": [{\"data\": [\"a\", \"b\"]}]}"})
    void anythingButScoresIsNoAnswer(String body) {
        assertThat(OipRequest.predictedClass(body.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    private static byte[] answer(String scores) {
        return ("{\"model_name\": \"m\", \"outputs\": [{\"name\": \"softmax\", \"datatype\": \"FP32\", \"shape\": [1, 2], "
                + "\"data\": " + scores + "}]}").getBytes(StandardCharsets.UTF_8);
    }
}
