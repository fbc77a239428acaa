package dev.kiln.runtime.serve.protocol;

import dev.kiln.runtime.serve.tensor.Datatype;
import dev.kiln.runtime.serve.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InferRequestReaderTest {

    private final InferRequestReader reader = new InferRequestReader();

    private InferRequest read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8), OptionalInt.empty());
    }

    @Test
    void dataMayComeBeforeShapeAndDatatype() {
        InferRequest request = read("{\"inputs\":[{\"data\":[[1,2],[3,4]],\"name\":\"a\",\"datatype\":\"INT32\",\"shape\":[2,2]}],"
                + "\"id\":\"7\",\"outputs\":[{\"name\":\"o\",\"parameters\":{\"binary_data\":true}},{\"name\":\"p\"}]}");
        Tensor a = request.inputs().get(0);
        assertThat(a.datatype()).isEqualTo(Datatype.INT32);
        assertThat(a.shape()).containsExactly(2, 2);
        assertThat(a.elementAsDouble(3)).isEqualTo(4);
        assertThat(request.id()).contains("7");
        assertThat(request.outputs()).extracting(InferRequest.RequestedOutput::name).containsExactly("o", "p");
        assertThat(request.outputs().get(0).binary()).contains(true);
        assertThat(request.outputs().get(1).binary()).isEmpty();
    }

    @Test
    void unknownFieldsAreIgnored() {
        InferRequest request = read("{\"extra\":{\"deep\":[1,{\"x\":2}]},\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP64\","
                + "\"shape\":[],\"data\":2.5,\"parameters\":{\"content_type\":\"x\"}}]}");
        assertThat(request.inputs().get(0).elementAsDouble(0)).isEqualTo(2.5);
    }

    @Test
    void binaryDataFollowsTheHeaderInInputOrder() {
        String header = "{\"inputs\":[{\"name\":\"a\",\"datatype\":\"UINT8\",\"shape\":[2],\"parameters\":{\"binary_data_size\":2}},"
                + "{\"name\":\"b\",\"datatype\":\"INT8\",\"shape\":[1],\"data\":[-3]},"
                + "{\"name\":\"c\",\"datatype\":\"INT16\",\"shape\":[1],\"parameters\":{\"binary_data_size\":2}}]}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[json.length + 4];
        System.arraycopy(json, 0, body, 0, json.length);
        body[json.length] = (byte) 200;
        body[json.length + 1] = 7;
        body[json.length + 2] = 0x34;
        body[json.length + 3] = 0x12;
        InferRequest request = reader.read(body, OptionalInt.of(json.length));
        assertThat(request.inputs().get(0).elementAsDouble(0)).isEqualTo(200);
        assertThat(request.inputs().get(0).elementAsDouble(1)).isEqualTo(7);
        assertThat(request.inputs().get(1).elementAsDouble(0)).isEqualTo(-3);
        assertThat(request.inputs().get(2).elementAsDouble(0)).isEqualTo(0x1234);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"inputs\":[{\"name\":\"a\",\"shape\":[1],\"data\":[1]}]}|input 'a' has no 'datatype'",
            "{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"data\":[1]}]}|input 'a' has no 'shape'",
            "{\"inputs\":[{\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}|inputs[0] has no 'name'",
            "{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[1]}]}|input 'a' has neither 'data' nor the binary_data_size",
            "{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[1,2,3]}]}|needs 2 elements, but its data has 3",
            "{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[1.5],\"data\":[1]}]}|input 'a' has shape element '1.5'",
            "{\"inputs\":[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[1000000,1000000],\"data\":[1]}]}|(1000000000000 elements) but the whole body is only",
            "{\"inputs\":[{\"name\":\"a\",\"datatype\":\"BOOL\",\"shape\":[1],\"data\":[null]}]}|input 'a' data element 0 is null; BOOL data takes true or false",
            "{\"inputs\":{}}|'inputs' must be a JSON array",
            "[1,2]|the request body must be a JSON object",
            "{\"id\":5,\"inputs\":[]}|'id' must be a string",
            "{\"inputs\":[]} trailing|malformed JSON"})
    void refusalsNameTheProblem(String body, String message) {
        assertThatThrownBy(() -> read(body)).isInstanceOf(ProtocolException.class).hasMessageContaining(message)
                .extracting(e -> ((ProtocolException) e).status()).isEqualTo(400);
    }
}
