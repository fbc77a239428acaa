package dev.kiln.runtime.optimize.data;

import dev.kiln.contract.Preprocessing;
import dev.kiln.runtime.optimize.FloatTensor;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Turns one image into a batch-1 input tensor as the plan's {@link Preprocessing} says: resize, optional centre
 * crop, scale to [0,1], {@code (x - mean) / std} per channel, channel order and layout.
 *
 * <p>Resizing is bilinear with pixel centres at half-integers, the convention of OpenCV's {@code INTER_LINEAR},
 * because models trained with OpenCV pipelines (PaddleOCR among them) expect it. Padding added by
 * {@code fit-pad} is zero in the normalised tensor, as PaddleOCR pads after normalising, not black pixels.
 */
public final class ImagePreprocessor {

    private final Preprocessing spec;
    private final float[] mean;
    private final float[] std;
    private final boolean bgr;
    private final boolean nhwc;

    /** @throws IllegalArgumentException naming the preprocessing field that is wrong */
    public ImagePreprocessor(Preprocessing spec) {
        this.spec = spec;
        this.mean = perChannel(spec.mean(), 0.0, "mean");
        this.std = perChannel(spec.std(), 1.0, "std");
        for (int c = 0; c < 3; c++) {
            if (std[c] == 0f) {
                throw new IllegalArgumentException("preprocessing.std: must not contain 0");
            }
        }
        String order = spec.channelOrder() == null ? Preprocessing.RGB : spec.channelOrder().toUpperCase(Locale.ROOT);
        if (!order.equals(Preprocessing.RGB) && !order.equals(Preprocessing.BGR)) {
            throw new IllegalArgumentException("preprocessing.channelOrder: '" + spec.channelOrder() + "' is not RGB or BGR");
        }
        this.bgr = order.equals(Preprocessing.BGR);
        String layout = spec.layout() == null ? Preprocessing.NCHW : spec.layout().toUpperCase(Locale.ROOT);
        if (!layout.equals(Preprocessing.NCHW) && !layout.equals(Preprocessing.NHWC)) {
            throw new IllegalArgumentException("preprocessing.layout: '" + spec.layout() + "' is not NCHW or NHWC");
        }
        this.nhwc = layout.equals(Preprocessing.NHWC);
        Preprocessing.Resize resize = spec.resize();
        if (resize != null) {
            if (resize.width() <= 0 || resize.height() <= 0) {
                throw new IllegalArgumentException("preprocessing.resize: width and height must be positive, got "
                        + resize.width() + "x" + resize.height());
            }
            String mode = resize.mode() == null ? Preprocessing.Resize.STRETCH : resize.mode();
            if (!List.of(Preprocessing.Resize.STRETCH, Preprocessing.Resize.FIT_PAD, Preprocessing.Resize.SHORTER_SIDE)
                    .contains(mode)) {
                throw new IllegalArgumentException("preprocessing.resize.mode: '" + mode
                        + "' is not stretch, fit-pad or shorter-side");
            }
        }
        if (spec.crop() != null && (spec.crop().width() <= 0 || spec.crop().height() <= 0)) {
            throw new IllegalArgumentException("preprocessing.crop: width and height must be positive");
        }
    }

    /** The tensor shape this preprocessing produces, or null when it depends on the image (no fixed size). */
    public long[] outputShape() {
        int[] size = fixedSize();
        if (size == null) {
            return null;
        }
        return nhwc ? new long[]{1, size[1], size[0], 3} : new long[]{1, 3, size[1], size[0]};
    }

    private int[] fixedSize() {
        if (spec.crop() != null) {
            return new int[]{spec.crop().width(), spec.crop().height()};
        }
        Preprocessing.Resize resize = spec.resize();
        if (resize == null || Preprocessing.Resize.SHORTER_SIDE.equals(resize.mode())) {
            return null;
        }
        return new int[]{resize.width(), resize.height()};
    }

    public FloatTensor apply(BufferedImage image) {
        Plane source = Plane.of(image);
        Plane sized = resize(source);
        if (spec.crop() != null) {
            sized = sized.centreCrop(spec.crop().width(), spec.crop().height());
        }
        return toTensor(sized);
    }

    private Plane resize(Plane source) {
        Preprocessing.Resize resize = spec.resize();
        if (resize == null) {
            return source;
        }
        String mode = resize.mode() == null ? Preprocessing.Resize.STRETCH : resize.mode();
        int w = resize.width();
        int h = resize.height();
        return switch (mode) {
            case Preprocessing.Resize.STRETCH -> source.bilinear(w, h);
            case Preprocessing.Resize.FIT_PAD -> {
                double scale = Math.min((double) w / source.width, (double) h / source.height);
                int nw = clamp((int) Math.ceil(source.width * scale - 1e-9), w);
                int nh = clamp((int) Math.ceil(source.height * scale - 1e-9), h);
                yield source.bilinear(nw, nh).padTo(w, h);
            }
            default -> {
                double scale = (double) Math.min(w, h) / Math.min(source.width, source.height);
                yield source.bilinear(clamp((int) Math.round(source.width * scale), Integer.MAX_VALUE),
                        clamp((int) Math.round(source.height * scale), Integer.MAX_VALUE));
            }
        };
    }

    private static int clamp(int value, int max) {
        return Math.max(1, Math.min(value, max));
    }

    private FloatTensor toTensor(Plane plane) {
        int w = plane.width;
        int h = plane.height;
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            float[] channel = plane.channels[bgr ? 2 - c : c];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    float value = plane.padding[p] ? 0f : (channel[p] / 255f - mean[c]) / std[c];
                    out[nhwc ? p * 3 + c : c * w * h + p] = value;
                }
            }
        }
        long[] shape = nhwc ? new long[]{1, h, w, 3} : new long[]{1, 3, h, w};
        return new FloatTensor(shape, out);
    }

    private static float[] perChannel(List<Double> values, double fallback, String field) {
        if (values == null || values.isEmpty()) {
            return new float[]{(float) fallback, (float) fallback, (float) fallback};
        }
        if (values.size() == 1) {
            float v = values.get(0).floatValue();
            return new float[]{v, v, v};
        }
        if (values.size() != 3) {
            throw new IllegalArgumentException("preprocessing." + field + ": expected 1 or 3 values, got " + values.size());
        }
        return new float[]{values.get(0).floatValue(), values.get(1).floatValue(), values.get(2).floatValue()};
    }

    /** An RGB image as float planes (0..255), with a mask of padded pixels. */
    private static final class Plane {
        final int width;
        final int height;
        final float[][] channels;
        final boolean[] padding;

        Plane(int width, int height, float[][] channels, boolean[] padding) {
            this.width = width;
            this.height = height;
            this.channels = channels;
            this.padding = padding;
        }

        static Plane of(BufferedImage image) {
            int w = image.getWidth();
            int h = image.getHeight();
            float[][] c = new float[3][w * h];
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                c[0][i] = (argb[i] >> 16) & 0xff;
                c[1][i] = (argb[i] >> 8) & 0xff;
                c[2][i] = argb[i] & 0xff;
            }
            return new Plane(w, h, c, new boolean[w * h]);
        }

        Plane bilinear(int nw, int nh) {
            if (nw == width && nh == height) {
                return this;
            }
            float[][] out = new float[3][nw * nh];
            double sx = (double) width / nw;
            double sy = (double) height / nh;
            for (int y = 0; y < nh; y++) {
                double fy = Math.max(0, (y + 0.5) * sy - 0.5);
                int y0 = Math.min((int) fy, height - 1);
                int y1 = Math.min(y0 + 1, height - 1);
                double wy = Math.min(fy - y0, 1.0);
                for (int x = 0; x < nw; x++) {
                    double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                    int x0 = Math.min((int) fx, width - 1);
                    int x1 = Math.min(x0 + 1, width - 1);
                    double wx = Math.min(fx - x0, 1.0);
                    for (int c = 0; c < 3; c++) {
                        float[] src = channels[c];
                        double top = src[y0 * width + x0] * (1 - wx) + src[y0 * width + x1] * wx;
                        double bottom = src[y1 * width + x0] * (1 - wx) + src[y1 * width + x1] * wx;
                        out[c][y * nw + x] = (float) (top * (1 - wy) + bottom * wy);
                    }
                }
            }
            return new Plane(nw, nh, out, new boolean[nw * nh]);
        }

        Plane padTo(int w, int h) {
            float[][] out = new float[3][w * h];
            boolean[] pad = new boolean[w * h];
            java.util.Arrays.fill(pad, true);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < 3; c++) {
                        out[c][y * w + x] = channels[c][y * width + x];
                    }
                    pad[y * w + x] = padding[y * width + x];
                }
            }
            return new Plane(w, h, out, pad);
        }

        Plane centreCrop(int w, int h) {
            if (w > width || h > height) {
                throw new IllegalArgumentException("preprocessing.crop: " + w + "x" + h + " is larger than the resized image "
                        + width + "x" + height + "; make the crop smaller or the resize larger");
            }
            int x0 = (width - w) / 2;
            int y0 = (height - h) / 2;
            float[][] out = new float[3][w * h];
            boolean[] pad = new boolean[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int from = (y + y0) * width + x + x0;
                    for (int c = 0; c < 3; c++) {
                        out[c][y * w + x] = channels[c][from];
                    }
                    pad[y * w + x] = padding[from];
                }
            }
            return new Plane(w, h, out, pad);
        }
    }
}
