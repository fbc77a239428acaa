package dev.kiln.runtime.serve.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A named tensor held as little-endian, row-major bytes. One representation for JSON and binary request
 * data and for model outputs, so batching is byte concatenation and splitting is slicing.
 */
public record Tensor(String name, Datatype datatype, long[] shape, ByteBuffer data) {

    public Tensor {
        data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    public long elementCount() {
        return Shapes.elementCount(shape);
    }

    /** Rows along the first dimension (1 for a scalar). */
    public long rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    public int byteSize() {
        return data.remaining();
    }

    /** The element at a flat index, widened to double (for comparisons; FP16 decoded). */
    public double elementAsDouble(int index) {
        int at = data.position() + index * datatype.byteSize();
        return switch (datatype) {
            case BOOL, UINT8 -> data.get(at) & 0xFF;
            case INT8 -> data.get(at);
            case INT16 -> data.getShort(at);
            case INT32 -> data.getInt(at);
            case INT64 -> data.getLong(at);
            case FP16 -> ai.onnxruntime.platform.Fp16Conversions.fp16ToFloat(data.getShort(at));
            case FP32 -> data.getFloat(at);
            case FP64 -> data.getDouble(at);
        };
    }

    /** The index of the first NaN or infinite element, or -1; always -1 for integer and boolean tensors. */
    public int firstNonFinite() {
        int count = Math.toIntExact(elementCount());
        switch (datatype) {
            case FP32 -> {
                java.nio.FloatBuffer floats = data.asFloatBuffer();
                for (int i = 0; i < count; i++) {
                    if (!Float.isFinite(floats.get(i))) {
                        return i;
                    }
                }
            }
            case FP64 -> {
                java.nio.DoubleBuffer doubles = data.asDoubleBuffer();
                for (int i = 0; i < count; i++) {
                    if (!Double.isFinite(doubles.get(i))) {
                        return i;
                    }
                }
            }
            case FP16 -> {
                for (int i = 0; i < count; i++) {
                    if (!Double.isFinite(elementAsDouble(i))) {
                        return i;
                    }
                }
            }
            default -> {
                return -1;
            }
        }
        return -1;
    }

    /** A copy of the bytes as a direct buffer in native order, which ONNX Runtime reads without copying. */
    public ByteBuffer directCopy() {
        ByteBuffer copy = ByteBuffer.allocateDirect(data.remaining()).order(ByteOrder.nativeOrder());
        copy.put(data.duplicate());
        return copy.flip();
    }

    @Override
    public String toString() {
        return name + " " + datatype + " " + Arrays.toString(shape);
    }
}
