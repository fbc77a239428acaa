package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores a mostly-zero weight tensor compactly inside a standard ONNX file: a bit mask of the non-zero
 * positions plus the non-zero values, and a small subgraph of standard ops (BitShift, Mod, CumSum, Gather,
 * Reshape) that rebuilds the dense tensor under its original name. Every input of that subgraph is constant,
 * so ONNX Runtime folds it into a plain initializer when it loads the model: runtime kernels, and quantized
 * kernel fusion, see an ordinary dense weight.
 * <p>
 * Why not ONNX sparse initializers: their COO indices are int64 (8 bytes per non-zero value), so at 50%
 * sparsity a sparse float tensor is larger than the dense one, and an int8 one five times larger.
 */
public final class PackedWeights {

    /** Minimum opset: BitShift (11), CumSum (11), Unsqueeze/Slice with input axes (13). */
    public static final long MIN_OPSET = 13;
    private static final String MARK = ".unpack.";
    private static final String MASK = ".packed_mask";
    private static final String VALUES = ".packed_values";

    private PackedWeights() {
    }

    /** Bytes the packed form takes for a tensor of {@code count} elements, {@code nonZero} of them non-zero. */
    public static long packedBytes(long count, long nonZero, int elementBytes) {
        return (count + 7) / 8 + (nonZero + 1) * elementBytes + 200;
    }

    /**
     * Replaces every initializer (of float, float16, int8 or uint8 type, with at least {@code minElements})
     * whose packed form is at most {@code maxRatio} of its dense size by the packed form. Needs opset >= 13.
     */
    public static OnnxMl.ModelProto packSparse(OnnxMl.ModelProto model, int minElements, double maxRatio) {
        if (OnnxModels.opsetVersion(model, "") < MIN_OPSET) {
            return model;
        }
        MutableGraph graph = new MutableGraph(model);
        boolean changed = false;
        for (OnnxMl.TensorProto init : model.getGraph().getInitializerList()) {
            int elementBytes = elementBytes(init.getDataType());
            long count = Tensors.elementCount(init);
            if (elementBytes == 0 || count < minElements || init.getRawData().size() != count * elementBytes) {
                continue;
            }
            byte[] raw = init.getRawData().toByteArray();
            long nonZero = countNonZero(raw, elementBytes);
            if (packedBytes(count, nonZero, elementBytes) > maxRatio * count * elementBytes) {
                continue;
            }
            pack(graph, init, raw, elementBytes);
            changed = true;
        }
        return changed ? graph.toModel() : model;
    }

    /** The model with every packed weight turned back into a dense initializer (and its subgraph removed). */
    public static OnnxMl.ModelProto unpack(OnnxMl.ModelProto model) {
        OnnxMl.GraphProto graph = model.getGraph();
        List<OnnxMl.NodeProto> finals = graph.getNodeList().stream()
                .filter(n -> n.getName().endsWith(MARK + "reshape")).toList();
        if (finals.isEmpty()) {
            return model;
        }
        GraphIndex index = new GraphIndex(graph);
        Set<String> dropInitializers = new HashSet<>();
        Map<String, OnnxMl.TensorProto> dense = new HashMap<>();
        for (OnnxMl.NodeProto reshape : finals) {
            String weight = reshape.getOutput(0);
            OnnxMl.TensorProto mask = index.initializer(weight + MASK);
            OnnxMl.TensorProto values = index.initializer(weight + VALUES);
            OnnxMl.TensorProto shape = index.initializer(weight + ".packed_shape");
            if (mask == null || values == null || shape == null) {
                continue;
            }
            dense.put(weight, decode(weight, mask, values, Tensors.longs(shape)));
            dropInitializers.add(mask.getName());
            dropInitializers.add(values.getName());
        }
        OnnxMl.GraphProto.Builder builder = graph.toBuilder().clearNode().clearInitializer();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            int mark = node.getName().lastIndexOf(MARK);
            if (mark > 0 && dense.containsKey(node.getName().substring(0, mark))) {
                continue;
            }
            builder.addNode(node);
        }
        Set<String> used = new HashSet<>();
        builder.getNodeList().forEach(n -> used.addAll(n.getInputList()));
        for (OnnxMl.TensorProto init : graph.getInitializerList()) {
            if (!dropInitializers.contains(init.getName()) && used.contains(init.getName())) {
                builder.addInitializer(init);
            }
        }
        builder.addAllInitializer(dense.values());
        return model.toBuilder().setGraph(builder).build();
    }

    private static void pack(MutableGraph graph, OnnxMl.TensorProto init, byte[] raw, int elementBytes) {
        String name = init.getName();
        graph.removeInitializer(name);
        int count = raw.length / elementBytes;
        byte[] mask = new byte[(count + 7) / 8];
        ByteBuffer values = ByteBuffer.allocate((countNonZero(raw, elementBytes) + 1) * elementBytes);
        values.put(new byte[elementBytes]); // index 0 holds the zero every masked-out position gathers
        for (int e = 0; e < count; e++) {
            if (!isZero(raw, e, elementBytes)) {
                mask[e / 8] |= (byte) (1 << (e % 8));
                values.put(raw, e * elementBytes, elementBytes);
            }
        }
        graph.putInitializer(raw(name + MASK, DataType.UINT8, new long[] {mask.length}, mask));
        graph.putInitializer(raw(name + VALUES, DataType.forNumber(init.getDataType()),
                new long[] {values.capacity() / elementBytes}, values.array()));
        graph.putInitializer(Tensors.ofInt64(name + ".packed_shape", new long[] {init.getDimsCount()}, Tensors.dims(init)));
        graph.putInitializer(Tensors.ofInt64(name + ".packed_axis1", new long[] {1}, new long[] {1}));
        graph.putInitializer(Tensors.ofInt64(name + ".packed_flat", new long[] {1}, new long[] {-1}));
        graph.putInitializer(Tensors.ofInt64(name + ".packed_zero", new long[] {1}, new long[] {0}));
        graph.putInitializer(Tensors.ofInt64(name + ".packed_count", new long[] {1}, new long[] {count}));
        graph.putInitializer(Tensors.ofInt64(name + ".packed_axis0", new long[0], new long[] {0}));
        graph.putInitializer(Tensors.ofUint8(name + ".packed_shifts", new long[] {8}, new byte[] {0, 1, 2, 3, 4, 5, 6, 7}));
        graph.putInitializer(Tensors.ofUint8(name + ".packed_two", new long[0], new byte[] {2}));
        String p = name + MARK;
        add(graph, "Unsqueeze", p + "unsqueeze", List.of(name + MASK, name + ".packed_axis1"));
        add(graph, "BitShift", p + "shift", List.of(p + "unsqueeze", name + ".packed_shifts"),
                OnnxMl.AttributeProto.newBuilder().setName("direction")
                        .setType(OnnxMl.AttributeProto.AttributeType.STRING)
                        .setS(ByteString.copyFromUtf8("RIGHT")).build());
        add(graph, "Mod", p + "bit", List.of(p + "shift", name + ".packed_two"));
        add(graph, "Reshape", p + "flat", List.of(p + "bit", name + ".packed_flat"));
        add(graph, "Slice", p + "slice", List.of(p + "flat", name + ".packed_zero", name + ".packed_count"));
        add(graph, "Cast", p + "cast", List.of(p + "slice"), Nodes.intAttr("to", DataType.INT64_VALUE));
        add(graph, "CumSum", p + "cumsum", List.of(p + "cast", name + ".packed_axis0"));
        add(graph, "Mul", p + "index", List.of(p + "cumsum", p + "cast"));
        add(graph, "Gather", p + "gather", List.of(name + VALUES, p + "index"));
        graph.addNode(Nodes.node("Reshape", p + "reshape", List.of(p + "gather", name + ".packed_shape"), List.of(name))
                .build());
    }

    private static void add(MutableGraph graph, String op, String name, List<String> inputs,
                            OnnxMl.AttributeProto... attributes) {
        graph.addNode(Nodes.node(op, name, inputs, List.of(name)).addAllAttribute(List.of(attributes)).build());
    }

    private static OnnxMl.TensorProto decode(String name, OnnxMl.TensorProto mask, OnnxMl.TensorProto values,
                                             long[] dims) {
        int elementBytes = elementBytes(values.getDataType());
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        byte[] bits = Tensors.bytes(mask);
        byte[] packed = values.getRawData().toByteArray();
        byte[] raw = new byte[Math.toIntExact(count * elementBytes)];
        int next = 1;
        for (int e = 0; e < count; e++) {
            if ((bits[e / 8] >> (e % 8) & 1) != 0) {
                System.arraycopy(packed, next++ * elementBytes, raw, e * elementBytes, elementBytes);
            }
        }
        return raw(name, DataType.forNumber(values.getDataType()), dims, raw);
    }

    private static OnnxMl.TensorProto raw(String name, DataType type, long[] dims, byte[] data) {
        OnnxMl.TensorProto.Builder b = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : dims) {
            b.addDims(d);
        }
        return b.setRawData(ByteString.copyFrom(data)).build();
    }

    private static int elementBytes(int dataType) {
        switch (dataType) {
            case DataType.FLOAT_VALUE:
                return 4;
            case DataType.FLOAT16_VALUE:
                return 2;
            case DataType.INT8_VALUE:
            case DataType.UINT8_VALUE:
                return 1;
            default:
                return 0;
        }
    }

    private static int countNonZero(byte[] raw, int elementBytes) {
        int nonZero = 0;
        for (int e = 0; e < raw.length / elementBytes; e++) {
            if (!isZero(raw, e, elementBytes)) {
                nonZero++;
            }
        }
        return nonZero;
    }

    /** Exact zero, including negative zero of float types (whose only set bit is the sign). */
    private static boolean isZero(byte[] raw, int element, int elementBytes) {
        int offset = element * elementBytes;
        for (int b = 0; b < elementBytes; b++) {
            int v = raw[offset + b] & 0xff;
            if (b == elementBytes - 1 && elementBytes > 1) {
                v &= 0x7f;
            }
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    static List<String> packedNames(OnnxMl.ModelProto model) {
        List<String> names = new ArrayList<>();
        model.getGraph().getNodeList().stream().filter(n -> n.getName().endsWith(MARK + "reshape"))
                .forEach(n -> names.add(n.getOutput(0)));
        return names;
    }
}
