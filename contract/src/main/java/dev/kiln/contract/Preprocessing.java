package dev.kiln.contract;

import java.util.List;

/**
 * How images become the model's input tensor. Pixel values are scaled to [0,1] first, then
 * {@code (x - mean) / std} per channel, in the channel order given.
 *
 * @param resize       the target size and how to get there
 * @param crop         optional centre crop applied after resizing
 * @param mean         per-channel mean, in the channel order of {@code channelOrder}, on the [0,1] scale
 * @param std          per-channel standard deviation, same order and scale
 * @param channelOrder {@code RGB} or {@code BGR}
 * @param layout       {@code NCHW} or {@code NHWC}
 */
public record Preprocessing(Resize resize, Crop crop, List<Double> mean, List<Double> std,
                            String channelOrder, String layout) {

    public static final String RGB = "RGB";
    public static final String BGR = "BGR";
    public static final String NCHW = "NCHW";
    public static final String NHWC = "NHWC";

    /**
     * @param width  target width in pixels
     * @param height target height in pixels
     * @param mode   {@code stretch} (ignore aspect ratio), {@code fit-pad} (keep the aspect ratio, fit inside,
     *               zero-pad right and bottom; PaddleOCR's classifier input), or {@code shorter-side} (keep the
     *               aspect ratio, shorter side to {@code min(width,height)}; use with a crop)
     */
    public record Resize(int width, int height, String mode) {
        public static final String STRETCH = "stretch";
        public static final String FIT_PAD = "fit-pad";
        public static final String SHORTER_SIDE = "shorter-side";
    }

    public record Crop(int width, int height) {
    }
}
