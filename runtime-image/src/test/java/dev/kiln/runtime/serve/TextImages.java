package dev.kiln.runtime.serve;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * Text-line images for the real orientation classifier, preprocessed as PaddleOCR does: BGR, height 48 keeping the
 * aspect ratio, zero-padded to width 192, (x/255 - 0.5)/0.5, NCHW.
 */
public final class TextImages {

    public static final int HEIGHT = 48;
    public static final int WIDTH = 192;

    private TextImages() {
    }

    /** A dark text line on a light background, upright or turned by 180 degrees. */
    public static BufferedImage render(String text, boolean upsideDown) {
        BufferedImage image = new BufferedImage(320, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        if (upsideDown) {
            g.setTransform(AffineTransform.getRotateInstance(Math.PI, image.getWidth() / 2.0, image.getHeight() / 2.0));
        }
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(20, 20, 30));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 36));
        g.drawString(text, 8, 46);
        g.dispose();
        return image;
    }

    /** The model input for one image, [3, 48, 192] flattened. */
    public static float[] preprocess(BufferedImage image) {
        int width = Math.min(WIDTH, (int) Math.ceil(HEIGHT * (double) image.getWidth() / image.getHeight()));
        BufferedImage resized = new BufferedImage(width, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, HEIGHT, null);
        g.dispose();
        float[] chw = new float[3 * HEIGHT * WIDTH];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = resized.getRGB(x, y);
                int[] bgr = {rgb & 0xFF, (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF};
                for (int c = 0; c < 3; c++) {
                    chw[(c * HEIGHT + y) * WIDTH + x] = (bgr[c] / 255f - 0.5f) / 0.5f;
                }
            }
        }
        return chw;
    }
}
