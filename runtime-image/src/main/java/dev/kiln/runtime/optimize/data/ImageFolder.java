package dev.kiln.runtime.optimize.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The files of an image-folder data set: {@code <label>/<image>}. Labels are the folder names sorted; when
 * every folder name is a non-negative integer, the number itself is the class index (so {@code 0/} and
 * {@code 1/} are classes 0 and 1 even if one is missing or they sort as {@code 10/} before {@code 2/}),
 * otherwise the class index is the folder's position in sorted order.
 */
public final class ImageFolder {

    /** One image file and its class index. */
    public record Entry(Path file, int label) {
    }

    private ImageFolder() {
    }

    /** @throws IllegalArgumentException naming the folder when it is missing or holds no images */
    public static List<Entry> list(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + ": no such folder; an image-folder data set is a folder of "
                    + "<label>/<image> files");
        }
        List<Path> labelFolders;
        try (Stream<Path> children = Files.list(root)) {
            labelFolders = children.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
        if (labelFolders.isEmpty()) {
            throw new IllegalArgumentException(root + ": no label folders; expected <label>/<image>.png|jpg, e.g. "
                    + root.resolve("0/a.png"));
        }
        boolean numeric = labelFolders.stream().allMatch(p -> p.getFileName().toString().matches("\\d{1,9}"));
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < labelFolders.size(); i++) {
            Path folder = labelFolders.get(i);
            int label = numeric ? Integer.parseInt(folder.getFileName().toString()) : i;
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(Files::isRegularFile).filter(ImageFolder::isImage)
                        .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                        .forEach(f -> entries.add(new Entry(f, label)));
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(root + ": the label folders hold no .png, .jpg or .jpeg images");
        }
        return entries;
    }

    static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
    }
}
