package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Conversions between ONNX TensorProto and Java arrays. ONNX raw data is little-endian. */
public final class Tensors {

    private Tensors() {
    }

    public static long elementCount(OnnxMl.TensorProto tensor) {
        long count = 1;
        for (long d : tensor.getDimsList()) {
            count *= d;
        }
        return count;
    }

    public static long[] dims(OnnxMl.TensorProto tensor) {
        return tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    public static boolean isFloat(OnnxMl.TensorProto tensor) {
        return tensor.getDataType() == DataType.FLOAT_VALUE;
    }

    /** The values of a float32 tensor, whether stored as raw data or in float_data. */
    public static float[] floats(OnnxMl.TensorProto tensor) {
        if (tensor.getDataType() != DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("tensor '" + tensor.getName() + "' is "
                    + DataType.forNumber(tensor.getDataType()) + ", expected FLOAT");
        }
        requireEmbedded(tensor);
        int count = Math.toIntExact(elementCount(tensor));
        float[] values = new float[count];
        if (!tensor.getRawData().isEmpty()) {
            little(tensor.getRawData()).asFloatBuffer().get(values);
        } else {
            for (int i = 0; i < count; i++) {
                values[i] = tensor.getFloatData(i);
            }
        }
        return values;
    }

    /** The values of an int64 tensor (e.g. a Reshape shape). */
    public static long[] longs(OnnxMl.TensorProto tensor) {
        requireEmbedded(tensor);
        int count = Math.toIntExact(elementCount(tensor));
        long[] values = new long[count];
        if (tensor.getDataType() == DataType.INT64_VALUE) {
            if (!tensor.getRawData().isEmpty()) {
                little(tensor.getRawData()).asLongBuffer().get(values);
            } else {
                for (int i = 0; i < count; i++) {
                    values[i] = tensor.getInt64Data(i);
                }
            }
            return values;
        }
        throw new IllegalArgumentException("tensor '" + tensor.getName() + "' is "
                + DataType.forNumber(tensor.getDataType()) + ", expected INT64");
    }

    /** The raw bytes of an 8-bit tensor (int8 or uint8). */
    public static byte[] bytes(OnnxMl.TensorProto tensor) {
        requireEmbedded(tensor);
        if (!tensor.getRawData().isEmpty()) {
            return tensor.getRawData().toByteArray();
        }
        int count = Math.toIntExact(elementCount(tensor));
        byte[] values = new byte[count];
        for (int i = 0; i < count; i++) {
            values[i] = (byte) tensor.getInt32Data(i);
        }
        return values;
    }

    public static OnnxMl.TensorProto ofFloats(String name, long[] dims, float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return raw(name, DataType.FLOAT, dims, buffer.array());
    }

    public static OnnxMl.TensorProto ofFloat16(String name, long[] dims, float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putShort(Float16.fromFloat(v));
        }
        return raw(name, DataType.FLOAT16, dims, buffer.array());
    }

    public static OnnxMl.TensorProto ofInt8(String name, long[] dims, byte[] values) {
        return raw(name, DataType.INT8, dims, values.clone());
    }

    public static OnnxMl.TensorProto ofUint8(String name, long[] dims, byte[] values) {
        return raw(name, DataType.UINT8, dims, values.clone());
    }

    public static OnnxMl.TensorProto ofInt32(String name, long[] dims, int[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(values);
        return raw(name, DataType.INT32, dims, buffer.array());
    }

    public static OnnxMl.TensorProto ofInt64(String name, long[] dims, long[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asLongBuffer().put(values);
        return raw(name, DataType.INT64, dims, buffer.array());
    }

    public static OnnxMl.TensorProto scalarFloat(String name, float value) {
        return ofFloats(name, new long[0], new float[] {value});
    }

    public static OnnxMl.TensorProto scalarUint8(String name, int value) {
        return ofUint8(name, new long[0], new byte[] {(byte) value});
    }

    public static OnnxMl.TensorProto scalarInt8(String name, int value) {
        return ofInt8(name, new long[0], new byte[] {(byte) value});
    }

    private static OnnxMl.TensorProto raw(String name, DataType type, long[] dims, byte[] data) {
        OnnxMl.TensorProto.Builder builder = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : dims) {
            builder.addDims(d);
        }
        return builder.setRawData(ByteString.copyFrom(data)).build();
    }

    private static ByteBuffer little(ByteString raw) {
        return raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void requireEmbedded(OnnxMl.TensorProto tensor) {
        if (tensor.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
            throw new IllegalArgumentException("tensor '" + tensor.getName() + "' is stored in an external data file;"
                    + " embed the weights in the .onnx file (onnx.save_model without save_as_external_data)");
        }
    }
}
