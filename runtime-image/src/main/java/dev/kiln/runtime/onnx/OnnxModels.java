package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Reading, writing and small whole-model edits of ONNX models. */
public final class OnnxModels {

    private OnnxModels() {
    }

    public static OnnxMl.ModelProto read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("ONNX model " + file + " does not exist or is not a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return OnnxMl.ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("ONNX model " + file + " is not a valid ONNX protobuf: " + e.getMessage(), e);
        }
    }

    public static void write(OnnxMl.ModelProto model, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
    }

    /** The opset version the model imports for a domain ("" is the default ONNX domain); 0 when absent. */
    public static long opsetVersion(OnnxMl.ModelProto model, String domain) {
        for (OnnxMl.OperatorSetIdProto opset : model.getOpsetImportList()) {
            String d = opset.getDomain();
            if (d.equals(domain) || (domain.isEmpty() && d.equals("ai.onnx"))) {
                return opset.getVersion();
            }
        }
        return 0;
    }

    /** The model with an import of {@code domain} added at {@code version} when it has none. */
    public static OnnxMl.ModelProto withOpsetImport(OnnxMl.ModelProto model, String domain, long version) {
        if (opsetVersion(model, domain) > 0) {
            return model;
        }
        return model.toBuilder().addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder()
                .setDomain(domain).setVersion(version)).build();
    }

    /**
     * The model with every unnamed node given the name {@code <OpType>_<index>}. Passes identify nodes by
     * name (e.g. {@code keepInFloat}), so callers that pick nodes should name them the same way first.
     */
    public static OnnxMl.ModelProto withNamedNodes(OnnxMl.ModelProto model) {
        OnnxMl.GraphProto graph = model.getGraph();
        Set<String> used = new HashSet<>();
        boolean unnamed = false;
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (node.getName().isEmpty()) {
                unnamed = true;
            } else if (!used.add(node.getName())) {
                unnamed = true;
            }
        }
        if (!unnamed) {
            return model;
        }
        OnnxMl.GraphProto.Builder builder = graph.toBuilder();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < builder.getNodeCount(); i++) {
            OnnxMl.NodeProto node = builder.getNode(i);
            String name = node.getName();
            if (name.isEmpty() || !seen.add(name)) {
                String base = node.getOpType() + "_" + i;
                String candidate = base;
                int n = 1;
                while (used.contains(candidate) || seen.contains(candidate)) {
                    candidate = base + "_" + n++;
                }
                seen.add(candidate);
                builder.setNode(i, node.toBuilder().setName(candidate));
            }
        }
        return model.toBuilder().setGraph(builder).build();
    }
}
