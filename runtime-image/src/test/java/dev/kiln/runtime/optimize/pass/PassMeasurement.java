package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.kiln.runtime.onnx.OnnxModels;
import dev.kiln.runtime.onnx.OrtModels;
import dev.kiln.runtime.onnx.ResNet50;
import dev.kiln.runtime.optimize.FloatTensor;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Manual measurement of the passes on the ResNet-50-shaped model (not a test, not a benchmark table: the
 * optimizer's benchmark owns that). Builds the model, applies the passes, and times every variant side by
 * side in interleaved rounds so that machine noise hits them alike. Run from runtime-image with the test
 * class path: {@code java -cp target/test-classes:target/classes:<deps> dev.kiln.runtime.optimize.pass.PassMeasurement <workdir> [rounds]}.
 */
public final class PassMeasurement {

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/pass-measurement");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Files.createDirectories(work);
        OnnxMl.ModelProto float32 = ResNet50.build(1);
        List<Map<String, FloatTensor>> calibration = PassFixtures.feeds(ResNet50.INPUT, ResNet50.INPUT_SHAPE, 8, 11);
        List<Map<String, FloatTensor>> validation = PassFixtures.feeds(ResNet50.INPUT, ResNet50.INPUT_SHAPE, 8, 12);
        PassContext context = new PassContext(calibration, Set.of(), "cpu", 2, work, PassOptions.defaults());

        Map<String, OnnxMl.ModelProto> variants = new LinkedHashMap<>();
        variants.put("float32", float32);
        variants.put("graph", timed("graph", () -> Passes.create("graph").apply(float32, context)));
        variants.put("int8-static u8", timed("int8-static", () -> Passes.create("int8-static").apply(float32, context)));
        PassContext int8Activations = new PassContext(calibration, Set.of(), "cpu", 2, work,
                PassOptions.defaults().withActivationType("int8"));
        variants.put("int8-static s8", timed("int8-static s8", () -> Passes.create("int8-static").apply(float32, int8Activations)));
        variants.put("int8-dynamic", timed("int8-dynamic", () -> Passes.create("int8-dynamic").apply(float32, context)));
        OnnxMl.ModelProto pruned = timed("prune", () -> Passes.create("prune").apply(float32, context));
        variants.put("prune+int8-static", timed("prune+int8", () -> Passes.create("int8-static").apply(pruned, context)));
        variants.put("fp16", timed("fp16", () -> Passes.create("fp16").apply(float32, context)));

        long floatSize = float32.getSerializedSize();
        System.out.printf("%-20s %12s %7s %10s %8s%n", "variant", "bytes", "%fp32", "cos", "top1");
        for (Map.Entry<String, OnnxMl.ModelProto> v : variants.entrySet()) {
            OnnxModels.write(v.getValue(), work.resolve(v.getKey().replace(' ', '_') + ".onnx"));
            double[] similarity = v.getKey().equals("float32") ? new double[] {1, 1}
                    : PassFixtures.compare(float32, v.getValue(), validation);
            System.out.printf("%-20s %12d %6.1f%% %10.4f %8.3f%n", v.getKey(), v.getValue().getSerializedSize(),
                    100.0 * v.getValue().getSerializedSize() / floatSize, similarity[0], similarity[1]);
        }
        for (int threads : new int[] {1, 2}) {
            latency(variants, work, threads, rounds);
        }
    }

    private interface PassCall {
        OnnxMl.ModelProto run() throws Exception;
    }

    private static OnnxMl.ModelProto timed(String what, PassCall call) throws Exception {
        long start = System.nanoTime();
        OnnxMl.ModelProto model = call.run();
        System.out.printf("%s took %.1f s%n", what, (System.nanoTime() - start) / 1e9);
        return model;
    }

    /** p50 of batch-1 latency per variant at {@code threads}, rounds interleaved across variants. */
    private static void latency(Map<String, OnnxMl.ModelProto> variants, Path work, int threads, int rounds)
            throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OrtSession> sessions = new LinkedHashMap<>();
        Map<String, List<Double>> times = new LinkedHashMap<>();
        float[] image = PassFixtures.feeds(ResNet50.INPUT, ResNet50.INPUT_SHAPE, 1, 99).get(0).get(ResNet50.INPUT).data();
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(image), ResNet50.INPUT_SHAPE)) {
            for (String name : variants.keySet()) {
                if (name.equals("fp16")) {
                    continue; // ORT's CPU provider runs float16 through inserted casts: not a CPU variant
                }
                OrtSession.SessionOptions options = OrtModels.options(OrtModels.Level.ALL, threads);
                sessions.put(name, env.createSession(work.resolve(name.replace(' ', '_') + ".onnx").toString(), options));
                times.put(name, new ArrayList<>());
                for (int w = 0; w < 3; w++) {
                    sessions.get(name).run(Map.of(ResNet50.INPUT, input)).close();
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, OrtSession> s : sessions.entrySet()) {
                    long start = System.nanoTime();
                    s.getValue().run(Map.of(ResNet50.INPUT, input)).close();
                    times.get(s.getKey()).add((System.nanoTime() - start) / 1e6);
                }
            }
        } finally {
            for (OrtSession s : sessions.values()) {
                s.close();
            }
        }
        double reference = p50(times.get("float32"));
        System.out.printf("threads=%d, %d interleaved rounds%n%-20s %10s %10s%n", threads, rounds, "variant", "p50 ms",
                "speed-up");
        for (Map.Entry<String, List<Double>> t : times.entrySet()) {
            double p50 = p50(t.getValue());
            System.out.printf("%-20s %10.2f %9.2fx%n", t.getKey(), p50, reference / p50);
        }
    }

    private static double p50(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
