package dev.kiln.runtime.optimize.pass;

import dev.kiln.runtime.optimize.FloatTensor;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded text-line images for the real orientation classifier, with PaddleOCR's preprocessing (BGR, height
 * 48 keeping the aspect ratio, zero-padded to width 192, (x/255 - 0.5)/0.5, NCHW). Odd samples are rotated
 * 180 degrees (label 1). A small stand-in for the optimizer's generated data set, enough to see whether a
 * pass keeps the real model's decisions.
 */
final class RenderedTextLines {

    static final String INPUT = "x";
    private static final String[] WORDS = {"kiln", "model", "serving", "ONNX", "runtime", "latency", "quantized",
            "Invoice 2024", "total: 17.50", "hello world", "orientation", "the quick brown fox", "page 12 of 40",
            "Kubernetes", "operator", "deployment", "int8", "accuracy", "text line", "receipt #4411"};

    record Sample(Map<String, FloatTensor> feed, int label) {
    }

    private RenderedTextLines() {
    }

    static List<Sample> render(int count, long seed) {
        System.setProperty("java.awt.headless", "true");
        SplittableRandom random = new SplittableRandom(seed);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = WORDS[random.nextInt(WORDS.length)] + (random.nextBoolean() ? " " + random.nextInt(1000) : "");
            int label = i % 2;
            samples.add(new Sample(Map.of(INPUT, preprocess(line(text, random, label == 1))), label));
        }
        return samples;
    }

    private static BufferedImage line(String text, SplittableRandom random, boolean rotated) {
        Font font = new Font(random.nextBoolean() ? "DejaVu Sans" : "DejaVu Serif", Font.PLAIN, 22 + random.nextInt(14));
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D pg = probe.createGraphics();
        int width = pg.getFontMetrics(font).stringWidth(text) + 8 + random.nextInt(12);
        int height = pg.getFontMetrics(font).getHeight() + 4 + random.nextInt(8);
        pg.dispose();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        int paper = 200 + random.nextInt(56);
        g.setColor(new Color(paper, paper - random.nextInt(20), paper - random.nextInt(30)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(random.nextInt(90), random.nextInt(90), random.nextInt(90)));
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(font);
        if (rotated) {
            g.setTransform(AffineTransform.getRotateInstance(Math.PI, width / 2.0, height / 2.0));
        }
        g.drawString(text, 4 + random.nextInt(4), height - g.getFontMetrics().getDescent() - 2);
        g.dispose();
        return image;
    }

    private static FloatTensor preprocess(BufferedImage image) {
        int targetW = Math.min(192, (int) Math.ceil(48.0 * image.getWidth() / image.getHeight()));
        BufferedImage resized = new BufferedImage(targetW, 48, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, targetW, 48, null);
        g.dispose();
        float[] data = new float[3 * 48 * 192];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < targetW; x++) {
                int rgb = resized.getRGB(x, y);
                int[] bgr = {rgb & 0xff, (rgb >> 8) & 0xff, (rgb >> 16) & 0xff};
                for (int c = 0; c < 3; c++) {
                    data[c * 48 * 192 + y * 192 + x] = (bgr[c] / 255f - 0.5f) / 0.5f;
                }
            }
        }
        return new FloatTensor(new long[] {1, 3, 48, 192}, data);
    }
}
