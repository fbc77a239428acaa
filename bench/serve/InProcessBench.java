import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * The baseline of the serve benchmark: OrtSession.run at batch 1 in a loop, with the same intra-op thread count as
 * the server. Also writes the request bodies that the load generator sends, from the same input. It stays up between
 * measurements so that they can be interleaved with the server's rows: each line on stdin is a slice length in
 * seconds, measured at once; an empty line or end of input stops it.
 *
 * Usage: java -cp 'runtime-image/target/quarkus-app/lib/main/*' InProcessBench.java MODEL THREADS OUT_DIR
 * Prints "ready" after warming up, then one line per slice: "inprocess <requests/s> <p50 ms> <p99 ms>".
 */
public class InProcessBench {

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        long[] shape = {1, 3, 48, 192};
        float[] image = new float[3 * 48 * 192];
        Random random = new Random(42);
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat() * 2 - 1;
        }
        writeRequests(out, image);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(model.toString(), options)) {
                String input = session.getInputNames().iterator().next();
                for (int i = 0; i < 500; i++) {
                    run(env, session, input, image, shape);
                }
                System.out.println("ready");
                BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                long[] latencies = new long[1 << 20];
                for (String line; (line = commands.readLine()) != null && !line.isBlank(); ) {
                    measure(env, session, input, image, shape, Double.parseDouble(line.trim()), latencies);
                }
            }
        }
    }

    /** One slice: batch-1 runs back to back for the given time; prints its throughput and latency percentiles. */
    private static void measure(OrtEnvironment env, OrtSession session, String input, float[] image, long[] shape,
                                double seconds, long[] latencies) throws Exception {
        int count = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now = start;
        while (now < end && count < latencies.length) {
            long before = now;
            run(env, session, input, image, shape);
            now = System.nanoTime();
            latencies[count++] = now - before;
        }
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        double throughput = count / ((now - start) / 1e9);
        System.out.printf("inprocess %.1f %.3f %.3f%n", throughput, sorted[count / 2] / 1e6,
                sorted[(int) Math.min(count - 1, Math.ceil(count * 0.99) - 1)] / 1e6);
        System.out.flush();
    }

    private static float run(OrtEnvironment env, OrtSession session, String input, float[] image, long[] shape)
            throws Exception {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(image), shape);
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            return ((float[][]) result.get(0).getValue())[0][0];
        }
    }

    /** request.bin (binary extension; header length in request.bin.header-length) and request.json. */
    private static void writeRequests(Path dir, float[] image) throws IOException {
        Files.createDirectories(dir);
        String header = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,48,192],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":" + image.length * 4 + "}}]}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(json.length + image.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        body.put(json);
        for (float v : image) {
            body.putFloat(v);
        }
        Files.write(dir.resolve("request.bin"), body.array());
        Files.writeString(dir.resolve("request.bin.header-length"), Integer.toString(json.length));
        StringBuilder text = new StringBuilder("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,48,192],\"datatype\":\"FP32\",\"data\":[");
        for (int i = 0; i < image.length; i++) {
            text.append(i == 0 ? "" : ",").append(image[i]);
        }
        Files.writeString(dir.resolve("request.json"), text.append("]}]}").toString());
    }
}
