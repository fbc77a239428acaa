package dev.kiln.contract;

/**
 * A calibration or validation data set.
 *
 * @param uri           a local folder or file path
 * @param format        {@code image-folder} ({@code <label>/<image>}, PNG or JPEG) or {@code npy}
 *                      (one float tensor file, first dimension the samples)
 * @param labels        for {@code npy}: optional path of an integer {@code .npy} file with one label per sample
 * @param preprocessing for {@code image-folder}: how images become tensors
 * @param limit         optional cap on the number of samples read
 */
public record DataSet(String uri, String format, String labels, Preprocessing preprocessing, Integer limit) {

    public static final String IMAGE_FOLDER = "image-folder";
    public static final String NPY = "npy";
}
