package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.List;

/**
 * A ResNet-50-shaped model with seeded random weights: v1.5 layout (bottlenecks 3-4-6-3, stride on the
 * 3x3 conv), batch norm folded into conv biases as deployed models usually have it, 25.5 M parameters,
 * about 100 MB in float32. Input {@code input} [N,3,224,224], output {@code logits} [N,1000].
 * <p>
 * Weights use He initialisation; the last conv of each residual branch is scaled down so the residual sum
 * does not double the activation variance at every block (otherwise activations grow by orders of
 * magnitude over 16 blocks and quantization ranges would be meaningless).
 */
public final class ResNet50 {

    public static final String INPUT = "input";
    public static final String OUTPUT = "logits";
    public static final long[] INPUT_SHAPE = {1, 3, 224, 224};
    private static final int[] BLOCKS = {3, 4, 6, 3};
    private static final int[] WIDTHS = {64, 128, 256, 512};
    private static final double BRANCH_GAIN = 0.3;

    private ResNet50() {
    }

    public static OnnxMl.ModelProto build(long seed) {
        RandomWeights w = new RandomWeights(seed);
        ModelBuilder b = new ModelBuilder("resnet50_v1_5");
        String x = b.input(INPUT, -1, 3, 224, 224);
        x = conv(b, w, "stem.conv", x, 3, 64, 7, 2, 1.0);
        x = b.namedOp("stem.relu", "Relu", List.of(x));
        x = b.namedOp("stem.pool", "MaxPool", List.of(x), Nodes.intsAttr("kernel_shape", 3, 3),
                Nodes.intsAttr("strides", 2, 2), Nodes.intsAttr("pads", 1, 1, 1, 1));
        int channels = 64;
        for (int stage = 0; stage < BLOCKS.length; stage++) {
            int width = WIDTHS[stage];
            for (int block = 0; block < BLOCKS[stage]; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                String prefix = "layer" + (stage + 1) + "." + block;
                String shortcut = x;
                if (block == 0) {
                    shortcut = conv(b, w, prefix + ".downsample", x, channels, width * 4, 1, stride, 1.0);
                }
                String y = conv(b, w, prefix + ".conv1", x, channels, width, 1, 1, 1.0);
                y = b.namedOp(prefix + ".relu1", "Relu", List.of(y));
                y = conv(b, w, prefix + ".conv2", y, width, width, 3, stride, 1.0);
                y = b.namedOp(prefix + ".relu2", "Relu", List.of(y));
                y = conv(b, w, prefix + ".conv3", y, width, width * 4, 1, 1, BRANCH_GAIN);
                y = b.namedOp(prefix + ".add", "Add", List.of(y, shortcut));
                x = b.namedOp(prefix + ".relu3", "Relu", List.of(y));
                channels = width * 4;
            }
        }
        x = b.namedOp("avgpool", "GlobalAveragePool", List.of(x));
        x = b.namedOp("flatten", "Flatten", List.of(x), Nodes.intAttr("axis", 1));
        String fcW = b.initializer("fc.weight", new long[] {1000, channels}, w.he(1000 * channels, channels, 0.7));
        String fcB = b.initializer("fc.bias", new long[] {1000}, w.normal(1000, 0.01));
        b.namedOp("fc", "Gemm", List.of(x, fcW, fcB), Nodes.intAttr("transB", 1));
        return SyntheticModels.rename(b.build(), "fc_out", OUTPUT, 1000);
    }

    private static String conv(ModelBuilder b, RandomWeights w, String name, String x, int in, int out, int kernel,
                               int stride, double gain) {
        int fanIn = in * kernel * kernel;
        String weight = b.initializer(name + ".weight", new long[] {out, in, kernel, kernel},
                w.he(out * fanIn, fanIn, gain));
        String bias = b.initializer(name + ".bias", new long[] {out}, w.normal(out, 0.01));
        return b.conv(name, x, weight, bias, kernel, stride, 1);
    }
}
