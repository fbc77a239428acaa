package dev.kiln.runtime.optimize.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} files (format versions 1, 2 and 3): float32 tensors and integer labels. The header
 * is a small Python dict literal, so it is parsed here by hand rather than pulling in a NumPy library.
 * Errors are {@link IllegalArgumentException}s whose message names the file and what was expected.
 */
public final class NpyReader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {
    }

    public static NpyArray read(Path file) throws IOException {
        return parse(file.toString(), Files.readAllBytes(file));
    }

    static NpyArray parse(String name, byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !startsWithMagic(bytes)) {
            throw new IllegalArgumentException(name + ": not a .npy file (no \\x93NUMPY magic); write it with numpy.save");
        }
        int major = bytes[6] & 0xff;
        buffer.position(8);
        long headerLength;
        if (major == 1) {
            headerLength = buffer.getShort() & 0xffff;
        } else if (major == 2 || major == 3) {
            headerLength = buffer.getInt() & 0xffffffffL;
        } else {
            throw new IllegalArgumentException(name + ": unsupported .npy format version " + major + " (expected 1, 2 or 3)");
        }
        if (buffer.position() + headerLength > bytes.length) {
            throw new IllegalArgumentException(name + ": truncated .npy header");
        }
        String header = new String(bytes, buffer.position(), (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        buffer.position(buffer.position() + (int) headerLength);

        String descr = group(DESCR, header, name, "descr");
        if ("True".equals(group(FORTRAN, header, name, "fortran_order"))) {
            throw new IllegalArgumentException(name + ": Fortran-ordered arrays are not supported; save a C-ordered "
                    + "array (numpy.ascontiguousarray)");
        }
        long[] shape = parseShape(group(SHAPE, header, name, "shape"), name);
        long count = 1;
        for (long d : shape) {
            count = Math.multiplyExact(count, d);
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": " + count + " values is more than one file can hold here");
        }
        ElementType type = ElementType.of(descr, name);
        long needed = count * type.bytes;
        if (buffer.remaining() < needed) {
            throw new IllegalArgumentException(name + ": shape needs " + needed + " data bytes of " + descr + ", file has "
                    + buffer.remaining());
        }
        ByteBuffer data = buffer.slice().order(type.order);
        if (type == ElementType.FLOAT32_LE || type == ElementType.FLOAT32_BE) {
            float[] values = new float[(int) count];
            data.asFloatBuffer().get(values);
            return new NpyArray(descr, shape, values, null);
        }
        long[] values = new long[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = type.readInteger(data, i);
        }
        return new NpyArray(descr, shape, null, values);
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String group(Pattern pattern, String header, String name, String key) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException(name + ": .npy header has no '" + key + "': " + header.trim());
        }
        return m.group(1);
    }

    private static long[] parseShape(String text, String name) {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                dims.add(Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": bad .npy shape (" + text + ")");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private enum ElementType {
        FLOAT32_LE(4, ByteOrder.LITTLE_ENDIAN), FLOAT32_BE(4, ByteOrder.BIG_ENDIAN),
        INT8(1, ByteOrder.LITTLE_ENDIAN), UINT8(1, ByteOrder.LITTLE_ENDIAN),
        INT16(2, ByteOrder.LITTLE_ENDIAN), UINT16(2, ByteOrder.LITTLE_ENDIAN),
        INT32(4, ByteOrder.LITTLE_ENDIAN), UINT32(4, ByteOrder.LITTLE_ENDIAN),
        INT64(8, ByteOrder.LITTLE_ENDIAN), UINT64(8, ByteOrder.LITTLE_ENDIAN);

        final int bytes;
        final ByteOrder order;

        ElementType(int bytes, ByteOrder order) {
            this.bytes = bytes;
            this.order = order;
        }

        static ElementType of(String descr, String name) {
            return switch (descr) {
                case "<f4" -> FLOAT32_LE;
                case ">f4" -> FLOAT32_BE;
                case "|i1", "<i1" -> INT8;
                case "|u1", "<u1" -> UINT8;
                case "<i2" -> INT16;
                case "<u2" -> UINT16;
                case "<i4" -> INT32;
                case "<u4" -> UINT32;
                case "<i8" -> INT64;
                case "<u8" -> UINT64;
                default -> throw new IllegalArgumentException(name + ": dtype '" + descr + "' is not supported; tensors "
                        + "must be float32 ('<f4', numpy.float32) and labels little-endian integers");
            };
        }

        long readInteger(ByteBuffer data, int index) {
            int at = index * bytes;
            return switch (this) {
                case INT8 -> data.get(at);
                case UINT8 -> data.get(at) & 0xff;
                case INT16 -> data.getShort(at);
                case UINT16 -> data.getShort(at) & 0xffff;
                case INT32 -> data.getInt(at);
                case UINT32 -> data.getInt(at) & 0xffffffffL;
                case INT64, UINT64 -> data.getLong(at);
                default -> throw new IllegalStateException(name() + " is not an integer type");
            };
        }
    }
}
