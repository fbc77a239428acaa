package dev.kiln.runtime.optimize.data;

import dev.kiln.runtime.optimize.NpyFiles;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NpyReaderTest {

    @Test
    void readsFloat32WithShape() {
        byte[] data = le(4, b -> b.putFloat(1.5f).putFloat(-2f).putFloat(0f).putFloat(3.25f).putFloat(7f).putFloat(8f));
        NpyArray array = NpyReader.parse("a.npy", NpyFiles.bytes("<f4", new long[]{2, 3}, data, 1));

        assertThat(array.isFloat32()).isTrue();
        assertThat(array.shape()).containsExactly(2, 3);
        assertThat(array.floats()).containsExactly(1.5f, -2f, 0f, 3.25f, 7f, 8f);
    }

    @Test
    void readsIntegerLabelsOfEveryWidthAndVersionTwoHeaders() {
        NpyArray i64 = NpyReader.parse("l.npy", NpyFiles.bytes("<i8", new long[]{2}, le(8, b -> b.putLong(1).putLong(7)), 2));
        NpyArray i32 = NpyReader.parse("l.npy", NpyFiles.bytes("<i4", new long[]{2}, le(4, b -> b.putInt(0).putInt(-3)), 1));
        NpyArray u8 = NpyReader.parse("l.npy", NpyFiles.bytes("|u1", new long[]{2}, new byte[]{(byte) 200, 1}, 1));

        assertThat(i64.longs()).containsExactly(1, 7);
        assertThat(i32.longs()).containsExactly(0, -3);
        assertThat(u8.longs()).containsExactly(200, 1);
    }

    @Test
    void bigEndianFloatsAreReadInTheirOrder() {
        ByteBuffer data = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putFloat(2.5f);
        NpyArray array = NpyReader.parse("b.npy", NpyFiles.bytes(">f4", new long[]{1}, data.array(), 1));

        assertThat(array.floats()).containsExactly(2.5f);
    }

    @Test
    void scalarShapeHasOneValue() {
        NpyArray array = NpyReader.parse("s.npy", NpyFiles.bytes("<f4", new long[]{}, le(1, b -> b.putFloat(4f)), 1));

        assertThat(array.shape()).isEmpty();
        assertThat(array.floats()).containsExactly(4f);
    }

    @Test
    void errorsNameTheFileAndWhatWasExpected() {
        assertThatThrownBy(() -> NpyReader.parse("x.npy", "not numpy at all".getBytes()))
                .hasMessageContaining("x.npy").hasMessageContaining("not a .npy file");
        assertThatThrownBy(() -> NpyReader.parse("d.npy", NpyFiles.bytes("<f8", new long[]{1}, new byte[8], 1)))
                .hasMessageContaining("d.npy").hasMessageContaining("'<f8'").hasMessageContaining("float32");
        assertThatThrownBy(() -> NpyReader.parse("t.npy", NpyFiles.bytes("<f4", new long[]{4}, new byte[8], 1)))
                .hasMessageContaining("t.npy").hasMessageContaining("needs 16 data bytes");
        byte[] fortran = NpyFiles.bytes("<f4", new long[]{1}, new byte[4], 1);
        String text = new String(fortran, java.nio.charset.StandardCharsets.ISO_8859_1).replace("False", "True ");
        assertThatThrownBy(() -> NpyReader.parse("f.npy", text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                .hasMessageContaining("f.npy").hasMessageContaining("Fortran");
    }

    private static byte[] le(int count, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }
}
