package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.kiln.runtime.onnx.OnnxModels;
import dev.kiln.runtime.onnx.OrtModels;
import dev.kiln.runtime.optimize.FloatTensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Shared helpers of the pass tests: contexts, seeded feeds, output comparison, graph inspection. */
final class PassFixtures {

    private PassFixtures() {
    }

    static PassContext context(Path workDir, List<Map<String, FloatTensor>> calibration, Set<String> keepInFloat,
                               PassOptions options) {
        return new PassContext(calibration, keepInFloat, "cpu", 1, workDir, options);
    }

    static PassContext context(Path workDir, List<Map<String, FloatTensor>> calibration) {
        return context(workDir, calibration, Set.of(), PassOptions.defaults());
    }

    /** Seeded inputs: smooth random "images" (values in [-1, 1]) or standard normal features. */
    static List<Map<String, FloatTensor>> feeds(String input, long[] shape, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, FloatTensor>> feeds = new ArrayList<>();
        int size = 1;
        for (long d : shape) {
            size *= (int) d;
        }
        for (int n = 0; n < count; n++) {
            float[] data = new float[size];
            float level = (float) random.nextDouble(-0.5, 0.5);
            for (int i = 0; i < size; i++) {
                data[i] = (float) Math.max(-1, Math.min(1, level + random.nextGaussian() * 0.5));
            }
            feeds.add(Map.of(input, new FloatTensor(shape, data)));
        }
        return feeds;
    }

    static float[] output(OnnxMl.ModelProto model, Map<String, FloatTensor> feed) throws OrtException {
        return outputs(model, List.of(feed)).get(0);
    }

    /** The first output for each feed, from one session. */
    static List<float[]> outputs(OnnxMl.ModelProto model, List<Map<String, FloatTensor>> feeds) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<float[]> results = new ArrayList<>();
        try (OrtSession.SessionOptions options = OrtModels.options(OrtModels.Level.ALL, 1);
             OrtSession session = env.createSession(model.toByteArray(), options)) {
            for (Map<String, FloatTensor> feed : feeds) {
                results.add(OrtModels.run(session, feed, List.of()).values().iterator().next().data());
            }
        }
        return results;
    }

    /**
     * How well a candidate reproduces the reference over the feeds: {cosine similarity of the outputs'
     * input-dependent parts (each minus the reference's mean output over the feeds), top-1 agreement}.
     * Random-weight nets give similar outputs for every input, so the plain cosine would hide errors in
     * what actually varies with the input.
     */
    static double[] compare(OnnxMl.ModelProto reference, OnnxMl.ModelProto candidate, List<Map<String, FloatTensor>> feeds)
            throws OrtException {
        List<float[]> as = outputs(reference, feeds);
        List<float[]> bs = outputs(candidate, feeds);
        double[] mean = new double[as.get(0).length];
        for (float[] a : as) {
            for (int i = 0; i < a.length; i++) {
                mean[i] += a[i] / as.size();
            }
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        int agree = 0;
        for (int n = 0; n < as.size(); n++) {
            float[] a = as.get(n);
            float[] b = bs.get(n);
            for (int i = 0; i < a.length; i++) {
                double x = a[i] - mean[i];
                double y = b[i] - mean[i];
                dot += x * y;
                na += x * x;
                nb += y * y;
            }
            agree += argmax(a) == argmax(b) ? 1 : 0;
        }
        double[] result = {dot / Math.sqrt(na * nb), agree / (double) as.size()};
        System.out.printf("similarity: centred cosine %.4f, top-1 agreement %.3f%n", result[0], result[1]);
        return result;
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Count of each op type (prefixed by its domain when not the default) in the graph. */
    static Map<String, Integer> opCounts(OnnxMl.ModelProto model) {
        Map<String, Integer> counts = new TreeMap<>();
        for (OnnxMl.NodeProto node : model.getGraph().getNodeList()) {
            String key = node.getDomain().isEmpty() ? node.getOpType() : node.getDomain() + "." + node.getOpType();
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }

    /** The graph ONNX Runtime actually runs at the given level (saved through setOptimizedModelFilePath). */
    static OnnxMl.ModelProto ortOptimized(OnnxMl.ModelProto model, OrtModels.Level level, Path dir)
            throws OrtException, IOException {
        return OrtModels.optimize(model, level, 1, dir.resolve("ort-optimized-" + System.nanoTime() + ".onnx"));
    }

    static long size(OnnxMl.ModelProto model) {
        return model.getSerializedSize();
    }

    static OnnxMl.ModelProto read(Path file) throws IOException {
        return OnnxModels.read(file);
    }
}
