package dev.kiln.runtime.optimize.dataset;

import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code dataset random-npy}: a seeded float32 {@code .npy} tensor of standard-normal values, for models with
 * random weights (benchmarks) where no real data exists.
 */
@CommandLine.Command(name = "random-npy", mixinStandardHelpOptions = true,
        description = "Write a seeded float32 .npy tensor of standard-normal values.")
public class RandomTensorCommand implements Callable<Integer> {

    @CommandLine.Option(names = "--out", required = true, description = "The .npy file to write.")
    Path out;

    @CommandLine.Option(names = "--shape", required = true, split = ",", description = "Dimensions, samples first, "
            + "e.g. 32,3,224,224.")
    List<Integer> shape;

    @CommandLine.Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        long count = 1;
        for (int d : shape) {
            if (d <= 0) {
                System.err.println("dataset random-npy: --shape dimensions must be positive, got " + shape);
                return 2;
            }
            count *= d;
        }
        if (count > Integer.MAX_VALUE / 4) {
            System.err.println("dataset random-npy: --shape " + shape + " is too large for one file");
            return 2;
        }
        try {
            write(out, shape.stream().mapToLong(Integer::longValue).toArray(), (int) count, new Random(seed));
        } catch (IOException e) {
            System.err.println("dataset random-npy: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
        System.out.println("dataset random-npy: wrote " + shape + " float32 to " + out + " (seed " + seed + ")");
        return 0;
    }

    static void write(Path file, long[] shape, int count, Random random) throws IOException {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "))
                + (shape.length == 1 ? "," : "");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = ((10 + dict.length() + 1 + 63) / 64) * 64;
        String header = dict + " ".repeat(total - 10 - dict.length() - 1) + "\n";
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try (OutputStream stream = Files.newOutputStream(file)) {
            ByteBuffer prefix = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            prefix.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
            stream.write(prefix.array());
            stream.write(header.getBytes(StandardCharsets.ISO_8859_1));
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                if (!chunk.hasRemaining()) {
                    stream.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                chunk.putFloat((float) random.nextGaussian());
            }
            stream.write(chunk.array(), 0, chunk.position());
        }
    }
}
