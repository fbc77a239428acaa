package dev.kiln.runtime.optimize.dataset;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Renders a labelled text-orientation data set: short text lines in DejaVu fonts at varied sizes, colours and
 * offsets; every odd-numbered image is turned 180 degrees and labelled 1, the rest are upright, label 0. The
 * same seed, fonts and JDK give the same images. Lines are kept no wider than four times their height, the
 * aspect ratio of PaddleOCR's classifier input, so resizing never squeezes them.
 */
public final class TextOrientationGenerator {

    public static final Path DEFAULT_FONTS = Path.of("/usr/share/fonts/truetype/dejavu");

    private static final String[] WORDS = {
            "invoice", "total", "amount", "date", "paid", "order", "number", "customer", "address", "street",
            "city", "phone", "email", "price", "quantity", "item", "tax", "due", "balance", "account", "bank",
            "name", "signature", "page", "report", "summary", "delivery", "shipping", "receipt", "store", "cash",
            "card", "change", "thank", "you", "welcome", "open", "closed", "monday", "friday", "north", "south",
            "river", "garden", "market", "station", "ticket", "platform", "exit", "entrance", "coffee", "bread",
            "milk", "apple", "orange", "green", "blue", "red", "black", "white", "Kiln", "ONNX", "Model"};
    private static final double MAX_ASPECT = 4.0;

    private final List<Font> fonts;

    public TextOrientationGenerator(Path fontFolder) throws IOException {
        this.fonts = loadFonts(fontFolder);
    }

    /** Writes {@code count} images as {@code <out>/0/NNNNN.png} (upright) and {@code <out>/1/NNNNN.png} (180 degrees). */
    public void write(Path out, int count, long seed) throws IOException {
        if (count <= 0) {
            throw new IllegalArgumentException("--count: must be positive, got " + count);
        }
        Files.createDirectories(out.resolve("0"));
        Files.createDirectories(out.resolve("1"));
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            int label = i % 2;
            BufferedImage image = render(random, label == 1);
            ImageIO.write(image, "png", out.resolve(label + "/" + String.format("%05d.png", i)).toFile());
        }
    }

    BufferedImage render(Random random, boolean rotated) {
        Font font = fonts.get(random.nextInt(fonts.size())).deriveFont((float) (16 + random.nextInt(25)));
        Color background = new Color(170 + random.nextInt(86), 170 + random.nextInt(86), 170 + random.nextInt(86));
        Color ink = new Color(random.nextInt(90), random.nextInt(90), random.nextInt(90));
        int left = 2 + random.nextInt(14);
        int right = 2 + random.nextInt(14);
        int top = 1 + random.nextInt(5);
        int bottom = 1 + random.nextInt(5);

        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics metrics = pg.getFontMetrics(font);
        int height = metrics.getAscent() + metrics.getDescent() + top + bottom;
        String text = line(random, metrics, (int) (height * MAX_ASPECT) - left - right);
        pg.dispose();
        int width = metrics.stringWidth(text) + left + right;

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(background);
        g.fillRect(0, 0, width, height);
        if (rotated) {
            g.rotate(Math.PI, width / 2.0, height / 2.0);
        }
        g.setColor(ink);
        g.setFont(font);
        g.drawString(text, left, top + metrics.getAscent());
        g.dispose();
        return image;
    }

    private static String line(Random random, FontMetrics metrics, int maxWidth) {
        // Words are added while they fit, so a line carries several words: a lone short word (or a number
        // like "808") can read the same either way up.
        StringBuilder text = new StringBuilder();
        for (int misses = 0; misses < 4; ) {
            String word = !text.isEmpty() && random.nextInt(5) == 0 ? String.valueOf(random.nextInt(10000))
                    : WORDS[random.nextInt(WORDS.length)];
            if (random.nextInt(3) == 0) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            String next = text.isEmpty() ? word : text + " " + word;
            if (metrics.stringWidth(next) > maxWidth) {
                misses++;
                continue;
            }
            text.setLength(0);
            text.append(next);
        }
        while (text.isEmpty()) {
            String word = WORDS[random.nextInt(WORDS.length)];
            while (word.length() > 3 && metrics.stringWidth(word) > maxWidth) {
                word = word.substring(0, word.length() - 1);
            }
            text.append(word);
        }
        return text.toString();
    }

    private static List<Font> loadFonts(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + ": no such font folder; install the DejaVu fonts (Debian: fonts-dejavu-core) "
                    + "or pass --fonts with a folder of DejaVu .ttf files");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("DejaVu") && n.endsWith(".ttf") && !n.contains("Math") && !n.contains("ExtraLight");
            }).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException(folder + ": no DejaVu*.ttf fonts; install fonts-dejavu-core or pass --fonts");
        }
        List<Font> fonts = new ArrayList<>();
        for (Path file : files) {
            try {
                fonts.add(Font.createFont(Font.TRUETYPE_FONT, file.toFile()));
            } catch (FontFormatException e) {
                throw new IOException(file + ": not a TrueType font: " + e.getMessage(), e);
            }
        }
        return fonts;
    }
}
