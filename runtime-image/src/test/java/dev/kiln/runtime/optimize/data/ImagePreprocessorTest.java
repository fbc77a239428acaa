package dev.kiln.runtime.optimize.data;

import dev.kiln.contract.Preprocessing;
import dev.kiln.runtime.optimize.FloatTensor;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImagePreprocessorTest {

    /** A w x h image from packed 0xRRGGBB pixels, row by row. */
    private static BufferedImage image(int w, int h, int... rgb) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, w, h, rgb, 0, w);
        return image;
    }

    private static Preprocessing pre(Preprocessing.Resize resize, Preprocessing.Crop crop, String order, String layout) {
        return new Preprocessing(resize, crop, null, null, order, layout);
    }

    @Test
    void stretchIsBilinearWithHalfPixelCentresLikeOpenCv() {
        // Grey levels 0 and 100, two pixels upscaled to four: source x = (x + 0.5) / 2 - 0.5, clamped.
        FloatTensor t = new ImagePreprocessor(pre(new Preprocessing.Resize(4, 1, "stretch"), null, "RGB", "NCHW"))
                .apply(image(2, 1, 0x000000, 0x646464));

        assertThat(t.shape()).containsExactly(1, 3, 1, 4);
        float[] red = java.util.Arrays.copyOfRange(t.data(), 0, 4);
        assertThat(red).containsExactly(new float[]{0f, 25f / 255, 75f / 255, 100f / 255}, within(1e-6f));
    }

    @Test
    void channelOrderMeanStdAndNhwcLayout() {
        Preprocessing p = new Preprocessing(null, null, List.of(0.5, 0.25, 0.0), List.of(0.5, 0.25, 1.0), "BGR", "NHWC");
        // One pixel: R=255, G=0, B=51 (0.2). BGR order: channel 0 is blue.
        FloatTensor t = new ImagePreprocessor(p).apply(image(1, 1, 0xFF0033));

        assertThat(t.shape()).containsExactly(1, 1, 1, 3);
        assertThat(t.data()).containsExactly(new float[]{(0.2f - 0.5f) / 0.5f, (0f - 0.25f) / 0.25f, 1f}, within(1e-6f));
    }

    @Test
    void fitPadKeepsAspectRatioAndPadsWithZeroAfterNormalising() {
        Preprocessing p = new Preprocessing(new Preprocessing.Resize(4, 2, "fit-pad"), null, List.of(0.5), List.of(0.5),
                "RGB", "NCHW");
        // 1x2 image (w=1, h=2) fits 4x2 as 1x2; columns 1..3 are padding, zero in the tensor, not black (-1).
        FloatTensor t = new ImagePreprocessor(p).apply(image(1, 2, 0xFFFFFF, 0x000000));

        float[] red = java.util.Arrays.copyOfRange(t.data(), 0, 8);
        assertThat(red).containsExactly(1f, 0f, 0f, 0f, -1f, 0f, 0f, 0f);
    }

    @Test
    void fitPadScalesDownTheBindingSideAndRoundsTheOtherUpLikePaddleOcr() {
        // 6x2 into 6x1: scale 0.5 -> 3x1, padded to 6x1.
        FloatTensor t = new ImagePreprocessor(pre(new Preprocessing.Resize(6, 1, "fit-pad"), null, "RGB", "NCHW"))
                .apply(image(6, 2, 0x0A0000, 0x0A0000, 0x140000, 0x140000, 0x1E0000, 0x1E0000,
                        0x0A0000, 0x0A0000, 0x140000, 0x140000, 0x1E0000, 0x1E0000));

        float[] red = java.util.Arrays.copyOfRange(t.data(), 0, 6);
        assertThat(red).containsExactly(new float[]{10f / 255, 20f / 255, 30f / 255, 0f, 0f, 0f}, within(1e-6f));
    }

    @Test
    void shorterSideThenCentreCrop() {
        // 4x2 -> shorter side 2 keeps 4x2; crop 2x2 takes columns 1 and 2.
        Preprocessing p = pre(new Preprocessing.Resize(2, 2, "shorter-side"), new Preprocessing.Crop(2, 2), "RGB", "NCHW");
        FloatTensor t = new ImagePreprocessor(p).apply(image(4, 2, 0x010000, 0x020000, 0x030000, 0x040000,
                0x050000, 0x060000, 0x070000, 0x080000));

        assertThat(t.shape()).containsExactly(1, 3, 2, 2);
        float[] red = java.util.Arrays.copyOfRange(t.data(), 0, 4);
        assertThat(red).containsExactly(new float[]{2f / 255, 3f / 255, 6f / 255, 7f / 255}, within(1e-6f));
        assertThat(new ImagePreprocessor(p).outputShape()).containsExactly(1, 3, 2, 2);
    }

    @Test
    void badSettingsNameTheField() {
        assertThatThrownBy(() -> new ImagePreprocessor(pre(null, null, "GBR", null)))
                .hasMessageContaining("preprocessing.channelOrder");
        assertThatThrownBy(() -> new ImagePreprocessor(pre(null, null, null, "CHW")))
                .hasMessageContaining("preprocessing.layout");
        assertThatThrownBy(() -> new ImagePreprocessor(pre(new Preprocessing.Resize(4, 4, "squash"), null, null, null)))
                .hasMessageContaining("preprocessing.resize.mode");
        assertThatThrownBy(() -> new ImagePreprocessor(new Preprocessing(null, null, List.of(0.1, 0.2), null, null, null)))
                .hasMessageContaining("preprocessing.mean");
        assertThatThrownBy(() -> new ImagePreprocessor(pre(null, new Preprocessing.Crop(3, 3), null, null))
                .apply(image(2, 2, 0, 0, 0, 0))).hasMessageContaining("preprocessing.crop");
    }
}
