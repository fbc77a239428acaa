package dev.kiln.runtime.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.kiln.runtime.serve.ServerTestSupport.awaitReady;
import static dev.kiln.runtime.serve.ServerTestSupport.postBinary;
import static dev.kiln.runtime.serve.ServerTestSupport.postJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A model with several inputs and outputs over every served datatype, in JSON and binary form. */
@QuarkusTest
@TestProfile(MultiIoServerTest.Profile.class)
class MultiIoServerTest {

    static final String MODEL = "multi";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kiln.serve.model", TestModels.multiIo("multi-io.onnx").toString(),
                    "kiln.serve.name", MODEL,
                    "kiln.serve.max-batch", "4",
                    "kiln.serve.batch-delay-micros", "20000");
        }
    }

    /** One input: name, datatype, JSON data, and the same values as little-endian bytes. */
    record Input(String name, String datatype, String json, byte[] bytes) {
    }

    static List<Input> inputs() {
        return List.of(
                new Input("x", "FP32", "[0.5,-1.0,2.25,3.0]", le(4, b -> b.putFloat(0.5f).putFloat(-1f).putFloat(2.25f).putFloat(3f))),
                new Input("ids", "INT64", "[1,-2,3,4]", le(8, b -> b.putLong(1).putLong(-2).putLong(3).putLong(4))),
                new Input("flag", "BOOL", "[true,false,false,true]", new byte[]{1, 0, 0, 1}),
                new Input("f16", "FP16", "[0.5,-2.0,65504.0,0.25]",
                        le(2, b -> b.putShort((short) 0x3800).putShort((short) 0xC000).putShort((short) 0x7BFF).putShort((short) 0x3400))),
                new Input("f64", "FP64", "[1.0E300,-2.5,3.141592653589793,0.0]",
                        le(8, b -> b.putDouble(1e300).putDouble(-2.5).putDouble(Math.PI).putDouble(0))),
                new Input("i8", "INT8", "[-128,127,0,5]", new byte[]{-128, 127, 0, 5}),
                new Input("i16", "INT16", "[-32768,32767,1,2]", le(2, b -> b.putShort((short) -32768).putShort((short) 32767).putShort((short) 1).putShort((short) 2))),
                new Input("i32", "INT32", "[-2147483648,2147483647,0,7]", le(4, b -> b.putInt(Integer.MIN_VALUE).putInt(Integer.MAX_VALUE).putInt(0).putInt(7))),
                new Input("u8", "UINT8", "[0,255,128,1]", new byte[]{0, (byte) 255, (byte) 128, 1}));
    }

    static byte[] le(int size, java.util.function.Consumer<ByteBuffer> writer) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * size).order(ByteOrder.LITTLE_ENDIAN);
        writer.accept(buffer);
        return buffer.array();
    }

    static String jsonRequest(List<Input> inputs) {
        List<String> parts = new ArrayList<>();
        for (Input input : inputs) {
            parts.add("{\"name\":\"" + input.name() + "\",\"shape\":[2,2],\"datatype\":\"" + input.datatype()
                    + "\",\"data\":" + input.json() + "}");
        }
        return "{\"inputs\":[" + String.join(",", parts) + "]}";
    }

    @BeforeEach
    void ready() {
        awaitReady();
    }

    @Test
    void metadataListsEveryInputAndOutput() {
        JsonPath metadata = given().get("/v2/models/" + MODEL).then().statusCode(200).extract().jsonPath();
        assertThat(metadata.getList("inputs.name")).containsExactly("x", "ids", "flag", "f16", "f64", "i8", "i16", "i32", "u8");
        assertThat(metadata.getList("inputs.datatype"))
                .containsExactly("FP32", "INT64", "BOOL", "FP16", "FP64", "INT8", "INT16", "INT32", "UINT8");
        assertThat(metadata.getList("outputs.name")).containsExactly("x_plus_ids", "not_flag", "echo_f16", "echo_f64",
                "echo_i8", "echo_i16", "echo_i32", "echo_u8");
        assertThat(metadata.getList("outputs[0].shape")).containsExactly(-1, 2);
    }

    @Test
    void everyDatatypeRoundTripsAsJson() throws Exception {
        String body = postJson(MODEL, jsonRequest(inputs())).then().statusCode(200).extract().asString();
        JsonPath response = JsonPath.from(body);
        // Jackson keeps FP64 values exact, where JsonPath would narrow them to float.
        JsonNode tree = new ObjectMapper().readTree(body);
        assertThat(response.getList("outputs[0].data", Float.class)).containsExactly(1.5f, -3f, 5.25f, 7f);
        assertThat(response.getList("outputs[1].data", Boolean.class)).containsExactly(false, true, true, false);
        assertThat(response.getString("outputs[1].datatype")).isEqualTo("BOOL");
        for (Input input : inputs().subList(3, 9)) {
            JsonNode echo = null;
            for (JsonNode output : tree.get("outputs")) {
                if (output.get("name").asText().equals("echo_" + input.name())) {
                    echo = output;
                }
            }
            assertThat(echo).as(input.name()).isNotNull();
            assertThat(echo.get("datatype").asText()).isEqualTo(input.datatype());
            assertThat(echo.get("shape").toString()).isEqualTo("[2,2]");
            assertThat(echo.get("data").toString()).as(input.name()).isEqualTo(input.json());
        }
    }

    @Test
    void everyDatatypeRoundTripsAsBinary() {
        List<String> parts = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        for (Input input : inputs()) {
            parts.add("{\"name\":\"" + input.name() + "\",\"shape\":[2,2],\"datatype\":\"" + input.datatype()
                    + "\",\"parameters\":{\"binary_data_size\":" + input.bytes().length + "}}");
            data.add(input.bytes());
        }
        String header = "{\"inputs\":[" + String.join(",", parts) + "],\"parameters\":{\"binary_data_output\":true}}";
        Response response = postBinary(MODEL, header, data.toArray(byte[][]::new));
        response.then().statusCode(200);
        int headerLength = Integer.parseInt(response.header("Inference-Header-Content-Length"));
        byte[] body = response.asByteArray();
        JsonPath json = JsonPath.from(new String(body, 0, headerLength));
        int offset = headerLength;
        Map<String, byte[]> outputs = new java.util.HashMap<>();
        for (int i = 0; i < json.getList("outputs").size(); i++) {
            int size = json.getInt("outputs[" + i + "].parameters.binary_data_size");
            outputs.put(json.getString("outputs[" + i + "].name"), java.util.Arrays.copyOfRange(body, offset, offset + size));
            offset += size;
        }
        assertThat(offset).isEqualTo(body.length);
        for (Input input : inputs().subList(3, 9)) {
            assertThat(outputs.get("echo_" + input.name())).as(input.name()).isEqualTo(input.bytes());
        }
        assertThat(outputs.get("not_flag")).isEqualTo(new byte[]{0, 1, 1, 0});
        assertThat(outputs.get("x_plus_ids")).isEqualTo(le(4, b -> b.putFloat(1.5f).putFloat(-3f).putFloat(5.25f).putFloat(7f)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "i8|[-128,128,0,5]|input 'i8' data element 1 is 128, outside the INT8 range",
            "u8|[0,-1,128,1]|input 'u8' data element 1 is -1, outside the UINT8 range",
            "i16|[0,40000,1,2]|input 'i16' data element 1 is 40000, outside the INT16 range",
            "i32|[0,1.5,0,7]|input 'i32' data element 1 is 1.5; INT32 data takes integers",
            "ids|[1,2,3,99999999999999999999]|input 'ids' data element 3 is 99999999999999999999, outside the INT64 range",
            "flag|[true,1,false,true]|input 'flag' data element 1 is 1; BOOL data takes true or false",
            "f16|[0.5,NaN,1,1]|input 'f16' element 1 is NaN"})
    void outOfRangeValuesAre400(String name, String data, String message) {
        List<Input> bad = new ArrayList<>();
        for (Input input : inputs()) {
            bad.add(input.name().equals(name) ? new Input(name, input.datatype(), data, input.bytes()) : input);
        }
        postJson(MODEL, jsonRequest(bad)).then().statusCode(400).body("error", containsString(message));
    }

    @Test
    void missingInputIsNamed() {
        postJson(MODEL, jsonRequest(inputs().subList(0, 8))).then().statusCode(400)
                .body("error", containsString("missing input 'u8' (UINT8 [-1,2])"));
    }

    @Test
    void concurrentMultiInputRequestsAreSplitCorrectly() {
        List<CompletableFuture<JsonPath>> answers = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int offset = c * 10;
            List<Input> shifted = new ArrayList<>(inputs());
            shifted.set(1, new Input("ids", "INT64", "[" + offset + "," + (offset + 1) + ",2,3]", null));
            answers.add(CompletableFuture.supplyAsync(() ->
                    postJson(MODEL, jsonRequest(shifted)).then().statusCode(200).extract().jsonPath()));
        }
        for (int c = 0; c < 4; c++) {
            int offset = c * 10;
            assertThat(answers.get(c).join().getList("outputs[0].data", Float.class))
                    .containsExactly(0.5f + offset, -1f + offset + 1, 4.25f, 6f);
        }
        given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
    }
}
