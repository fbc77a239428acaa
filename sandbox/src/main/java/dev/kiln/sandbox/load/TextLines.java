package dev.kiln.sandbox.load;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * PaddleOCR's preprocessing for the text-orientation classifier, for the requests the load generator and the tests send: BGR,
 * height 48 keeping the aspect ratio (width rounded up, at most 192), (x/255 - 0.5) / 0.5, zero-padded on the
 * right in the normalised tensor, NCHW.
 */
public final class TextLines {

    public static final int HEIGHT = 48;
    public static final int WIDTH = 192;

    private TextLines() {
    }

    public static float[] tensor(BufferedImage image) {
        int width = Math.min(WIDTH, (int) Math.ceil(HEIGHT * (double) image.getWidth() / image.getHeight()));
        BufferedImage scaled = new BufferedImage(width, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, HEIGHT, null);
        g.dispose();
        float[] data = new float[3 * HEIGHT * WIDTH];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = scaled.getRGB(x, y);
                int[] bgr = {rgb & 0xff, (rgb >> 8) & 0xff, (rgb >> 16) & 0xff};
                for (int c = 0; c < 3; c++) {
                    data[c * HEIGHT * WIDTH + y * WIDTH + x] = (bgr[c] / 255f - 0.5f) / 0.5f;
                }
            }
        }
        return data;
    }

    public static BufferedImage turned180(BufferedImage image) {
        BufferedImage turned = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = turned.createGraphics();
        AffineTransform rotate = AffineTransform.getRotateInstance(Math.PI, image.getWidth() / 2.0, image.getHeight() / 2.0);
        g.drawImage(image, rotate, null);
        g.dispose();
        return turned;
    }
}
