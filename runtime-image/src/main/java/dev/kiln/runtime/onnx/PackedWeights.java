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
    private static final String PREFIX = "kp";
    private static final String SHARED = "kp.";

    private PackedWeights() {
    }

    /** Bytes the packed form takes for a tensor of {@code count} elements, {@code nonZero} of them non-zero. */
    public static long packedBytes(long count, long nonZero, int elementBytes) {
        return (count + 7) / 8 + (nonZero + 1) * elementBytes + 200;
    }

    /**
     * Replaces every initializer (of float, float16, int8 or uint8 type, with at least {@code minElements})
     * whose packed form, unpacking nodes included, is at most {@code maxRatio} of its dense size. Needs
     * opset >= 13.
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
            Packed packed = pack(graph.fresh(PREFIX + "0"), init, raw, elementBytes);
            if (packed.serializedSize() > maxRatio * init.getSerializedSize()) {
                continue; // the unpacking nodes cost more than the zeros save in a tensor this small
            }
            if (!changed) {
                sharedConstants().forEach(graph::putInitializer);
            }
            graph.removeInitializer(init.getName());
            packed.initializers().forEach(graph::putInitializer);
            packed.nodes().forEach(graph::addNode);
            changed = true;
        }
        return changed ? graph.toModel() : model;
    }

    /** The model with every packed weight turned back into a dense initializer (and its subgraph removed). */
    public static OnnxMl.ModelProto unpack(OnnxMl.ModelProto model) {
        OnnxMl.GraphProto graph = model.getGraph();
        List<OnnxMl.NodeProto> finals = graph.getNodeList().stream()
                .filter(n -> n.getName().startsWith(PREFIX) && n.getName().endsWith(".unpack")).toList();
        if (finals.isEmpty()) {
            return model;
        }
        GraphIndex index = new GraphIndex(graph);
        Set<String> prefixes = new HashSet<>();
        List<OnnxMl.TensorProto> dense = new ArrayList<>();
        for (OnnxMl.NodeProto reshape : finals) {
            String p = reshape.getName().substring(0, reshape.getName().length() - "unpack".length());
            OnnxMl.TensorProto mask = index.initializer(p + "mask");
            OnnxMl.TensorProto values = index.initializer(p + "values");
            OnnxMl.TensorProto shape = index.initializer(p + "shape");
            if (mask == null || values == null || shape == null) {
                continue;
            }
            dense.add(decode(reshape.getOutput(0), mask, values, Tensors.longs(shape)));
            prefixes.add(p);
        }
        OnnxMl.GraphProto.Builder builder = graph.toBuilder().clearNode().clearInitializer();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (!prefixes.contains(prefixOf(node.getName()))) {
                builder.addNode(node);
            }
        }
        Set<String> used = new HashSet<>();
        builder.getNodeList().forEach(n -> used.addAll(n.getInputList()));
        for (OnnxMl.TensorProto init : graph.getInitializerList()) {
            if (used.contains(init.getName())) {
                builder.addInitializer(init);
            }
        }
        builder.addAllInitializer(dense);
        return model.toBuilder().setGraph(builder).build();
    }

    private static String prefixOf(String name) {
        int dot = name.indexOf('.');
        return name.startsWith(PREFIX) && dot > 0 ? name.substring(0, dot + 1) : "";
    }

    /** The initializers and nodes that replace one dense initializer. */
    private record Packed(List<OnnxMl.TensorProto> initializers, List<OnnxMl.NodeProto> nodes) {
        long serializedSize() {
            long size = 0;
            for (OnnxMl.TensorProto t : initializers) {
                size += t.getSerializedSize() + 4;
            }
            for (OnnxMl.NodeProto n : nodes) {
                size += n.getSerializedSize() + 4;
            }
            return size;
        }
    }

    /** Small constants every unpacking subgraph reads, stored once per model. */
    private static List<OnnxMl.TensorProto> sharedConstants() {
        return List.of(
                Tensors.ofUint8(SHARED + "shifts", new long[] {8}, new byte[] {0, 1, 2, 3, 4, 5, 6, 7}),
                Tensors.ofUint8(SHARED + "two", new long[0], new byte[] {2}),
                Tensors.ofInt64(SHARED + "flat", new long[] {1}, new long[] {-1}),
                Tensors.ofInt64(SHARED + "zero", new long[] {1}, new long[] {0}),
                Tensors.ofInt64(SHARED + "axis", new long[0], new long[] {0}));
    }

    /**
     * Names are short on purpose: a prefix {@code kp<n>.} per packed tensor, because in a model of many
     * small layers the names of the unpacking nodes would otherwise eat what packing saves.
     */
    private static Packed pack(String id, OnnxMl.TensorProto init, byte[] raw, int elementBytes) {
        String p = id + ".";
        List<OnnxMl.TensorProto> inits = new ArrayList<>();
        List<OnnxMl.NodeProto> nodes = new ArrayList<>();
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
        inits.add(raw(p + "mask", DataType.UINT8, new long[] {mask.length, 1}, mask));
        inits.add(raw(p + "values", DataType.forNumber(init.getDataType()),
                new long[] {values.capacity() / elementBytes}, values.array()));
        inits.add(Tensors.ofInt64(p + "shape", new long[] {init.getDimsCount()}, Tensors.dims(init)));
        add(nodes, "BitShift", p + "s", List.of(p + "mask", SHARED + "shifts"),
                OnnxMl.AttributeProto.newBuilder().setName("direction")
                        .setType(OnnxMl.AttributeProto.AttributeType.STRING)
                        .setS(ByteString.copyFromUtf8("RIGHT")).build());
        add(nodes, "Mod", p + "b", List.of(p + "s", SHARED + "two"));
        add(nodes, "Reshape", p + "f", List.of(p + "b", SHARED + "flat"));
        String bits = p + "f";
        if (count % 8 != 0) {
            inits.add(Tensors.ofInt64(p + "count", new long[] {1}, new long[] {count}));
            add(nodes, "Slice", p + "c", List.of(p + "f", SHARED + "zero", p + "count"));
            bits = p + "c";
        }
        add(nodes, "Cast", p + "i", List.of(bits), Nodes.intAttr("to", DataType.INT64_VALUE));
        add(nodes, "CumSum", p + "k", List.of(p + "i", SHARED + "axis"));
        add(nodes, "Mul", p + "x", List.of(p + "k", p + "i"));
        add(nodes, "Gather", p + "g", List.of(p + "values", p + "x"));
        nodes.add(Nodes.node("Reshape", p + "unpack", List.of(p + "g", p + "shape"), List.of(init.getName())).build());
        return new Packed(inits, nodes);
    }

    private static void add(List<OnnxMl.NodeProto> nodes, String op, String name, List<String> inputs,
                            OnnxMl.AttributeProto... attributes) {
        nodes.add(Nodes.node(op, name, inputs, List.of(name)).addAllAttribute(List.of(attributes)).build());
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
}
