package dev.kiln.runtime.serve.shadow;

import dev.kiln.runtime.serve.tensor.Datatype;
import dev.kiln.runtime.serve.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class OutputComparatorTest {

    private final OutputComparator comparator = new OutputComparator(0.999, 0.001);

    private static Tensor fp32(long[] shape, double[] values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            data.putFloat((float) v);
        }
        return new Tensor("out", Datatype.FP32, shape, data.flip());
    }

    private static double[] parse(String values) {
        return Arrays.stream(values.split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "same top class, different scores | 2,2 | 0.9 0.1 0.2 0.8 | 0.6 0.4 0.45 0.55 | true",
            "one row's top class differs      | 2,2 | 0.9 0.1 0.2 0.8 | 0.9 0.1 0.6 0.4   | false",
            "embedding within tolerance       | 1,1,4 | 1 2 3 4       | 1.0005 2 3 3.9995 | true",
            "embedding beyond max difference  | 1,1,4 | 1 2 3 4       | 1 2 3 4.01        | false",
            "scaled embedding: cosine 1 but far | 4 | 1 2 3 4         | 2 4 6 8           | false",
            "different shape                  | 2,2 | 0.9 0.1 0.2 0.8 | 0.9 0.1 0.2 0.8 0.5 0.5 | false"})
    void decides(String what, String shape, String ours, String theirs, boolean agrees) {
        long[] dims = Arrays.stream(shape.split(",")).mapToLong(Long::parseLong).toArray();
        double[] shadow = parse(theirs);
        long[] shadowShape = shadow.length == parse(ours).length ? dims : new long[]{3, 2};
        assertThat(comparator.agrees(fp32(dims, parse(ours)), shadowShape, shadow)).isEqualTo(agrees);
    }
}
