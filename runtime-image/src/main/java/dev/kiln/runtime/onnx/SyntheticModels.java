package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.List;

/**
 * Small seeded models for tests: a conv net with the layer kinds real vision models have (conv, optional
 * batch norm, ReLU, residual add, pooling, Gemm) and an MLP (MatMul + Add). Nodes are named so tests can
 * refer to them.
 */
public final class SyntheticModels {

    public static final String CONV_INPUT = "image";
    public static final long[] CONV_INPUT_SHAPE = {1, 3, 32, 32};
    public static final String MLP_INPUT = "features";
    public static final int MLP_FEATURES = 64;
    public static final String OUTPUT = "logits";
    public static final int CLASSES = 10;

    private SyntheticModels() {
    }

    /** Conv net: conv-relu, strided conv-relu, conv + residual add - relu, maxpool, global pool, Gemm. */
    public static OnnxMl.ModelProto convNet(long seed, boolean batchNorm) {
        RandomWeights w = new RandomWeights(seed);
        ModelBuilder b = new ModelBuilder("synthetic_convnet");
        String x = b.input(CONV_INPUT, -1, 3, 32, 32);
        x = convLayer(b, w, "conv1", x, 3, 16, 3, 1, batchNorm);
        x = b.namedOp("relu1", "Relu", List.of(x));
        x = convLayer(b, w, "conv2", x, 16, 32, 3, 2, batchNorm);
        String skip = b.namedOp("relu2", "Relu", List.of(x));
        x = convLayer(b, w, "conv3", skip, 32, 32, 3, 1, batchNorm);
        x = b.namedOp("add1", "Add", List.of(x, skip));
        x = b.namedOp("relu3", "Relu", List.of(x));
        x = b.namedOp("pool1", "MaxPool", List.of(x), Nodes.intsAttr("kernel_shape", 2, 2), Nodes.intsAttr("strides", 2, 2));
        x = convLayer(b, w, "conv4", x, 32, 64, 3, 1, batchNorm);
        x = b.namedOp("relu4", "Relu", List.of(x));
        x = b.namedOp("gap", "GlobalAveragePool", List.of(x));
        x = b.namedOp("flatten", "Flatten", List.of(x), Nodes.intAttr("axis", 1));
        String fcW = b.initializer("fc.weight", new long[] {CLASSES, 64}, w.he(CLASSES * 64, 64, 1.0));
        String fcB = b.initializer("fc.bias", new long[] {CLASSES}, w.normal(CLASSES, 0.1));
        String logits = b.namedOp("fc", "Gemm", List.of(x, fcW, fcB), Nodes.intAttr("transB", 1));
        b.namedOp("output", "Identity", List.of(logits));
        return rename(b.build(), "output_out", OUTPUT, CLASSES);
    }

    /** MLP: three MatMul + Add layers with ReLU between them. */
    public static OnnxMl.ModelProto mlp(long seed) {
        RandomWeights w = new RandomWeights(seed);
        ModelBuilder b = new ModelBuilder("synthetic_mlp");
        String x = b.input(MLP_INPUT, -1, MLP_FEATURES);
        int[] widths = {MLP_FEATURES, 128, 128, CLASSES};
        for (int layer = 1; layer < widths.length; layer++) {
            int in = widths[layer - 1];
            int out = widths[layer];
            String weight = b.initializer("fc" + layer + ".weight", new long[] {in, out}, w.he(in * out, in, 1.0));
            String bias = b.initializer("fc" + layer + ".bias", new long[] {out}, w.normal(out, 0.05));
            x = b.namedOp("matmul" + layer, "MatMul", List.of(x, weight));
            x = b.namedOp("bias" + layer, "Add", List.of(x, bias));
            if (layer < widths.length - 1) {
                x = b.namedOp("relu" + layer, "Relu", List.of(x));
            }
        }
        b.namedOp("output", "Identity", List.of(x));
        return rename(b.build(), "output_out", OUTPUT, CLASSES);
    }

    static String convLayer(ModelBuilder b, RandomWeights w, String name, String x, int in, int out, int kernel,
                            int stride, boolean batchNorm) {
        int fanIn = in * kernel * kernel;
        String weight = b.initializer(name + ".weight", new long[] {out, in, kernel, kernel},
                w.he(out * fanIn, fanIn, 1.0));
        if (!batchNorm) {
            String bias = b.initializer(name + ".bias", new long[] {out}, w.normal(out, 0.05));
            return b.conv(name, x, weight, bias, kernel, stride, 1);
        }
        String y = b.conv(name, x, weight, null, kernel, stride, 1);
        String scale = b.initializer(name + ".bn.scale", new long[] {out}, w.uniform(out, 0.5, 1.5));
        String shift = b.initializer(name + ".bn.bias", new long[] {out}, w.normal(out, 0.1));
        String mean = b.initializer(name + ".bn.mean", new long[] {out}, w.normal(out, 0.1));
        String var = b.initializer(name + ".bn.var", new long[] {out}, w.uniform(out, 0.5, 2.0));
        return b.namedOp(name + "_bn", "BatchNormalization", List.of(y, scale, shift, mean, var));
    }

    /** Renames the final tensor to a stable output name and declares it as the graph output. */
    static OnnxMl.ModelProto rename(OnnxMl.ModelProto model, String from, String to, int classes) {
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            OnnxMl.NodeProto node = graph.getNode(i);
            if (node.getOutputCount() == 1 && node.getOutput(0).equals(from)) {
                graph.setNode(i, node.toBuilder().setOutput(0, to));
            }
        }
        graph.addOutput(ModelBuilder.valueInfo(to, OnnxMl.TensorProto.DataType.FLOAT, -1, classes));
        return model.toBuilder().setGraph(graph).build();
    }
}
