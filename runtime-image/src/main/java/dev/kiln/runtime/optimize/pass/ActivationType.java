package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.onnx.Tensors;
import dev.kiln.runtime.optimize.pass.calibration.Range;

import java.util.Locale;

/** The 8-bit type activations are quantized to, with the affine parameters for a calibrated range. */
enum ActivationType {
    UINT8(0, 255),
    INT8(-128, 127);

    final int min;
    final int max;

    ActivationType(int min, int max) {
        this.min = min;
        this.max = max;
    }

    static ActivationType parse(String name) throws PassException {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new PassException("unknown activation type '" + name + "'; use uint8 or int8");
        }
    }

    /** Scale and zero point mapping [range.min, range.max] onto the type's full range (asymmetric). */
    Params params(Range range) {
        double span = (double) range.max() - range.min();
        if (span <= 0 || !Double.isFinite(span)) {
            return new Params(1f, 0); // a constant-zero tensor: any scale represents it exactly
        }
        float scale = (float) (span / (max - min));
        int zeroPoint = (int) Math.round(min - range.min() / (double) scale);
        return new Params(scale, Math.max(min, Math.min(max, zeroPoint)));
    }

    OnnxMl.TensorProto zeroPointTensor(String name, int zeroPoint) {
        return this == UINT8 ? Tensors.scalarUint8(name, zeroPoint) : Tensors.scalarInt8(name, zeroPoint);
    }

    record Params(float scale, int zeroPoint) {
    }
}
