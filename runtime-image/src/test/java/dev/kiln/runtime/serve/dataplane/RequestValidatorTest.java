package dev.kiln.runtime.serve.dataplane;

import dev.kiln.runtime.serve.model.ModelSignature;
import dev.kiln.runtime.serve.model.TensorSpec;
import dev.kiln.runtime.serve.protocol.InferRequest;
import dev.kiln.runtime.serve.protocol.InferRequestReader;
import dev.kiln.runtime.serve.protocol.ProtocolException;
import dev.kiln.runtime.serve.tensor.Datatype;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestValidatorTest {

    private static final ModelSignature TWO_INPUTS = new ModelSignature(
            List.of(new TensorSpec("a", Datatype.FP32, new long[]{-1, 2}), new TensorSpec("b", Datatype.INT64, new long[]{-1})),
            List.of(new TensorSpec("y", Datatype.FP32, new long[]{-1, 2}), new TensorSpec("z", Datatype.INT64, new long[]{-1})));

    private static InferRequest parse(String json) {
        return new InferRequestReader().read(json.getBytes(StandardCharsets.UTF_8), OptionalInt.empty());
    }

    private static String request(String aShape, String aData, String bShape, String bData, String extra) {
        return "{\"inputs\":[{\"name\":\"b\",\"datatype\":\"INT64\",\"shape\":" + bShape + ",\"data\":" + bData + "},"
                + "{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":" + aShape + ",\"data\":" + aData + "}]" + extra + "}";
    }

    @Test
    void inputsComeBackInGraphOrderWithAStackKey() {
        ValidatedRequest validated = new RequestValidator(TWO_INPUTS, false).validate(parse(
                request("[2,2]", "[1,2,3,4]", "[2]", "[5,6]", ",\"parameters\":{\"binary_data_output\":true}")));
        assertThat(validated.inputs().keySet()).containsExactly("a", "b");
        assertThat(validated.outputs()).containsExactly("y", "z");
        assertThat(validated.binaryOutputs()).containsExactlyInAnyOrder("y", "z");
        assertThat(validated.rows()).isEqualTo(2);
        assertThat(validated.stackKey()).contains("[2][]");
    }

    @Test
    void inputsDisagreeingOnTheBatchSizeAreNotStacked() {
        ValidatedRequest validated = new RequestValidator(TWO_INPUTS, false).validate(parse(
                request("[2,2]", "[1,2,3,4]", "[3]", "[5,6,7]", "")));
        assertThat(validated.stackKey()).isEmpty();
    }

    @Test
    void nonFiniteValuesPassWhenAllowed() {
        String body = request("[1,2]", "[NaN,Infinity]", "[1]", "[1]", "");
        assertThat(new RequestValidator(TWO_INPUTS, true).validate(parse(body)).rows()).isEqualTo(1);
        assertThatThrownBy(() -> new RequestValidator(TWO_INPUTS, false).validate(parse(body)))
                .hasMessageContaining("input 'a' element 0 is NaN");
    }

    @Test
    void repeatedNamesAreRefused() {
        RequestValidator validator = new RequestValidator(TWO_INPUTS, false);
        assertThatThrownBy(() -> validator.validate(parse("{\"inputs\":[{\"name\":\"b\",\"datatype\":\"INT64\",\"shape\":[1],"
                + "\"data\":[1]},{\"name\":\"b\",\"datatype\":\"INT64\",\"shape\":[1],\"data\":[1]}]}")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("input 'b' is given twice");
        assertThatThrownBy(() -> validator.validate(parse(request("[1,2]", "[1,2]", "[1]", "[1]",
                ",\"outputs\":[{\"name\":\"y\"},{\"name\":\"y\"}]"))))
                .hasMessageContaining("output 'y' is requested twice");
    }
}
