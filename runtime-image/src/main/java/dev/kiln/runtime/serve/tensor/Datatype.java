package dev.kiln.runtime.serve.tensor;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo.OnnxTensorType;

import java.util.Arrays;
import java.util.Optional;

/** The Open Inference Protocol datatypes this server accepts, with their ONNX Runtime counterparts. */
public enum Datatype {
    BOOL(1, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL, OnnxJavaType.BOOL),
    UINT8(1, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8, OnnxJavaType.UINT8),
    INT8(1, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8, OnnxJavaType.INT8),
    INT16(2, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16, OnnxJavaType.INT16),
    INT32(4, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32, OnnxJavaType.INT32),
    INT64(8, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64, OnnxJavaType.INT64),
    FP16(2, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16, OnnxJavaType.FLOAT16),
    FP32(4, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, OnnxJavaType.FLOAT),
    FP64(8, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE, OnnxJavaType.DOUBLE);

    private final int byteSize;
    private final OnnxTensorType onnxType;
    private final OnnxJavaType javaType;

    Datatype(int byteSize, OnnxTensorType onnxType, OnnxJavaType javaType) {
        this.byteSize = byteSize;
        this.onnxType = onnxType;
        this.javaType = javaType;
    }

    public int byteSize() {
        return byteSize;
    }

    public OnnxJavaType javaType() {
        return javaType;
    }

    public boolean isFloatingPoint() {
        return this == FP16 || this == FP32 || this == FP64;
    }

    /** The protocol name of a datatype, e.g. {@code FP32}; empty if the server does not know it. */
    public static Optional<Datatype> fromProtocolName(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    /** The datatype of an ONNX tensor element type; empty for types the server does not serve (e.g. STRING). */
    public static Optional<Datatype> fromOnnx(OnnxTensorType type) {
        return Arrays.stream(values()).filter(d -> d.onnxType == type).findFirst();
    }
}
