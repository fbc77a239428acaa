package dev.kiln.runtime.onnx;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class Float16Test {

    @ParameterizedTest
    @CsvSource({
            "0.0, 0x0000", "1.0, 0x3c00", "-2.0, 0xc000", "65504.0, 0x7bff", "100000.0, 0x7c00",
            "0.333333333, 0x3555", "6.1035156E-5, 0x0400", "5.9604645E-8, 0x0001", "1.0E-9, 0x0000",
            "1.00048828125, 0x3c00", "1.00146484375, 0x3c02"})
    void convertsWithRoundToNearestEven(float value, String bits) {
        short half = Float16.fromFloat(value);
        assertThat(half & 0xffff).isEqualTo(Integer.decode(bits));
    }

    @ParameterizedTest
    @CsvSource({"0x3c00, 1.0", "0xc000, -2.0", "0x7bff, 65504.0", "0x0001, 5.9604645E-8", "0x3555, 0.33325195"})
    void convertsBack(String bits, float value) {
        assertThat(Float16.toFloat((short) (int) Integer.decode(bits))).isEqualTo(value);
    }
}
