package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.onnx.BatchNormFolding;
import dev.kiln.runtime.onnx.ConstantNodes;
import dev.kiln.runtime.onnx.OnnxModels;
import dev.kiln.runtime.onnx.OpsetUpgrade;
import dev.kiln.runtime.onnx.PackedWeights;

/** The normal form passes work on, and the packing of sparse weights every pass applies to its result. */
final class ModelPreparation {

    /** Weights packed only when that saves at least a tenth of their bytes; small tensors stay dense. */
    private static final int PACK_MIN_ELEMENTS = 1024;
    private static final double PACK_MAX_RATIO = 0.9;

    private ModelPreparation() {
    }

    /** Named nodes, weights as dense initializers (Constant nodes and packed weights expanded). */
    static OnnxMl.ModelProto normalize(OnnxMl.ModelProto model) {
        return PackedWeights.unpack(ConstantNodes.toInitializers(OnnxModels.withNamedNodes(model)));
    }

    /** {@link #normalize} plus opset 13 (per-axis Q/DQ) and batch norm folded into convs. */
    static OnnxMl.ModelProto forQuantization(OnnxMl.ModelProto model, String pass) throws PassException {
        try {
            return BatchNormFolding.fold(OpsetUpgrade.toOpset13(normalize(model)));
        } catch (IllegalArgumentException e) {
            throw new PassException(pass + ": " + e.getMessage(), e);
        }
    }

    /** Stores mostly-zero weights (pruned ones) in packed form so the saved file really is smaller. */
    static OnnxMl.ModelProto packSparseWeights(OnnxMl.ModelProto model) {
        return PackedWeights.packSparse(model, PACK_MIN_ELEMENTS, PACK_MAX_RATIO);
    }
}
