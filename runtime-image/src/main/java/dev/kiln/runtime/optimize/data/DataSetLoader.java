package dev.kiln.runtime.optimize.data;

import dev.kiln.contract.DataSet;
import dev.kiln.contract.Preprocessing;
import dev.kiln.runtime.optimize.FloatTensor;
import dev.kiln.runtime.optimize.OptimizeException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Loads a calibration or validation {@link DataSet} into batch-1 tensors for a model input. Every problem is
 * an {@link dev.kiln.contract.Outcome#InvalidInput} whose message starts with the plan field
 * ({@code validation.uri}, {@code calibration.labels}, ...) and names the file and what was expected.
 */
public final class DataSetLoader {

    private DataSetLoader() {
    }

    public static Samples load(DataSet set, String field, InputSpec input) {
        if (set.uri() == null || set.uri().isBlank()) {
            throw OptimizeException.invalidInput(field + ".uri: missing; give a folder (image-folder) or a .npy file");
        }
        if (set.limit() != null && set.limit() <= 0) {
            throw OptimizeException.invalidInput(field + ".limit: must be positive, got " + set.limit());
        }
        Path path = Path.of(set.uri());
        String format = set.format() == null ? inferFormat(path) : set.format();
        try {
            return switch (format) {
                case DataSet.IMAGE_FOLDER -> loadImages(set, field, path, input);
                case DataSet.NPY -> loadNpy(set, field, path, input);
                default -> throw OptimizeException.invalidInput(field + ".format: '" + format
                        + "' is not image-folder or npy");
            };
        } catch (IOException e) {
            throw OptimizeException.invalidInput(field + ".uri: cannot read " + path + ": " + e.getMessage());
        }
    }

    static String inferFormat(Path path) {
        return path.getFileName() != null && path.getFileName().toString().endsWith(".npy") ? DataSet.NPY
                : DataSet.IMAGE_FOLDER;
    }

    private static Samples loadImages(DataSet set, String field, Path root, InputSpec input) throws IOException {
        if (set.preprocessing() == null) {
            throw OptimizeException.invalidInput(field + ".preprocessing: an image-folder data set needs preprocessing "
                    + "(resize, mean, std, channelOrder, layout) to become tensors of shape " + input.shapeText());
        }
        ImagePreprocessor preprocessor;
        List<ImageFolder.Entry> entries;
        try {
            preprocessor = new ImagePreprocessor(set.preprocessing());
            entries = ImageFolder.list(root);
        } catch (IllegalArgumentException e) {
            throw OptimizeException.invalidInput(field + ": " + e.getMessage());
        }
        long[] fixed = preprocessor.outputShape();
        if (fixed != null && !input.accepts(fixed)) {
            throw OptimizeException.invalidInput(field + ".preprocessing: produces tensors of shape "
                    + Arrays.toString(fixed) + " but model input '" + input.name() + "' expects " + input.shapeText()
                    + describeLayout(set.preprocessing()));
        }
        entries = spread(entries, set.limit());
        List<FloatTensor> tensors = new ArrayList<>(entries.size());
        int[] labels = new int[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            ImageFolder.Entry entry = entries.get(i);
            BufferedImage image = ImageIO.read(entry.file().toFile());
            if (image == null) {
                throw OptimizeException.invalidInput(field + ": " + entry.file() + " is not a readable PNG or JPEG image");
            }
            FloatTensor tensor;
            try {
                tensor = preprocessor.apply(image);
            } catch (IllegalArgumentException e) {
                throw OptimizeException.invalidInput(field + ": " + entry.file() + ": " + e.getMessage());
            }
            if (!input.accepts(tensor.shape())) {
                throw OptimizeException.invalidInput(field + ": " + entry.file() + " becomes a tensor of shape "
                        + Arrays.toString(tensor.shape()) + " but model input '" + input.name() + "' expects "
                        + input.shapeText() + "; add a preprocessing.crop or a fixed-size resize mode");
            }
            tensors.add(tensor);
            labels[i] = entry.label();
        }
        return new Samples(input.name(), tensors, labels, root + " (image-folder, " + tensors.size() + " images)");
    }

    private static String describeLayout(Preprocessing p) {
        return "; check preprocessing.resize/crop (width x height) and preprocessing.layout ("
                + (p.layout() == null ? Preprocessing.NCHW : p.layout()) + ")";
    }

    private static Samples loadNpy(DataSet set, String field, Path file, InputSpec input) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw OptimizeException.invalidInput(field + ".uri: " + file + " does not exist; expected a float32 .npy "
                    + "file of N samples for model input '" + input.name() + "' " + input.shapeText());
        }
        NpyArray array = readNpy(file, field + ".uri");
        if (!array.isFloat32()) {
            throw OptimizeException.invalidInput(field + ".uri: " + file + " holds dtype '" + array.descr()
                    + "'; expected float32 ('<f4'): save it with array.astype(numpy.float32)");
        }
        long[] shape = array.shape();
        long[] sampleShape = shape.length == 0 ? shape : shape.clone();
        if (shape.length >= 1) {
            sampleShape[0] = 1;
        }
        if (shape.length == 0 || shape[0] == 0 || !input.accepts(sampleShape)) {
            throw OptimizeException.invalidInput(field + ".uri: " + file + " has shape " + array.shapeText()
                    + "; expected [N, ...] with samples fitting model input '" + input.name() + "' "
                    + input.shapeText() + " and N > 0");
        }
        int count = (int) shape[0];
        int[] labels = null;
        if (set.labels() != null && !set.labels().isBlank()) {
            labels = readLabels(Path.of(set.labels()), field + ".labels", count);
        }
        List<Integer> picked = spreadIndices(count, set.limit());
        int per = (int) (array.count() / count);
        List<FloatTensor> tensors = new ArrayList<>(picked.size());
        int[] pickedLabels = labels == null ? null : new int[picked.size()];
        for (int i = 0; i < picked.size(); i++) {
            int index = picked.get(i);
            float[] values = Arrays.copyOfRange(array.floats(), index * per, (index + 1) * per);
            tensors.add(new FloatTensor(sampleShape, values));
            if (labels != null) {
                pickedLabels[i] = labels[index];
            }
        }
        return new Samples(input.name(), tensors, pickedLabels, file + " (npy, " + tensors.size() + " samples)");
    }

    private static int[] readLabels(Path file, String field, int count) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw OptimizeException.invalidInput(field + ": " + file + " does not exist; expected an integer .npy file "
                    + "with " + count + " labels");
        }
        NpyArray array = readNpy(file, field);
        if (array.isFloat32()) {
            throw OptimizeException.invalidInput(field + ": " + file + " holds float32; labels must be integers "
                    + "(save with array.astype(numpy.int64))");
        }
        if (array.shape().length != 1 || array.shape()[0] != count) {
            throw OptimizeException.invalidInput(field + ": " + file + " has shape " + array.shapeText() + "; expected ["
                    + count + "], one label per sample of the data file");
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            long value = array.longs()[i];
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw OptimizeException.invalidInput(field + ": " + file + " label " + value + " at index " + i
                        + " is not a class index");
            }
            labels[i] = (int) value;
        }
        return labels;
    }

    private static NpyArray readNpy(Path file, String field) throws IOException {
        try {
            return NpyReader.read(file);
        } catch (IllegalArgumentException e) {
            throw OptimizeException.invalidInput(field + ": " + e.getMessage());
        }
    }

    /** A limited subset spread evenly over the sorted set, so a small limit still covers every label. */
    static <T> List<T> spread(List<T> all, Integer limit) {
        return spreadIndices(all.size(), limit).stream().map(all::get).toList();
    }

    static List<Integer> spreadIndices(int count, Integer limit) {
        int n = limit == null ? count : Math.min(limit, count);
        List<Integer> indices = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            indices.add((int) ((long) i * count / n));
        }
        return indices;
    }
}
