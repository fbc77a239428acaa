package dev.kiln.operator.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Prometheus text exposition format (version 0.0.4, and the sample lines of OpenMetrics) into
 * samples. Comment lines (HELP, TYPE, EOF) are skipped: the analysis knows the types of the metrics it reads.
 */
public final class PrometheusTextParser {

    private PrometheusTextParser() {
    }

    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            samples.add(new LineParser(line, i + 1).sample());
        }
        return samples;
    }

    /** Parses one sample line; keeps the position so errors can point at it. */
    private static final class LineParser {
        private final String line;
        private final int lineNumber;
        private int pos;

        LineParser(String line, int lineNumber) {
            this.line = line;
            this.lineNumber = lineNumber;
        }

        Sample sample() {
            String name = name(true);
            Map<String, String> labels = new LinkedHashMap<>();
            if (peek() == '{') {
                pos++;
                labels(labels);
            }
            if (pos >= line.length() || !Character.isWhitespace(line.charAt(pos))) {
                throw error("expected a space and a value after the metric name and labels");
            }
            skipSpaces();
            int start = pos;
            while (pos < line.length() && !Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
            double value = number(line.substring(start, pos));
            // An optional timestamp may follow; the analysis uses its own scrape time instead.
            return new Sample(name, labels, value);
        }

        private void labels(Map<String, String> labels) {
            while (true) {
                skipSpaces();
                if (peek() == '}') {
                    pos++;
                    return;
                }
                String labelName = name(false);
                skipSpaces();
                expect('=');
                skipSpaces();
                expect('"');
                labels.put(labelName, quoted());
                skipSpaces();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}' after label " + labelName);
                }
            }
        }

        private String quoted() {
            StringBuilder value = new StringBuilder();
            while (pos < line.length()) {
                char c = line.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && pos < line.length()) {
                    char escaped = line.charAt(pos++);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
            throw error("label value has no closing quote");
        }

        private String name(boolean metric) {
            int start = pos;
            while (pos < line.length() && isNameChar(line.charAt(pos), pos == start, metric)) {
                pos++;
            }
            if (pos == start) {
                throw error(metric ? "expected a metric name" : "expected a label name");
            }
            return line.substring(start, pos);
        }

        private static boolean isNameChar(char c, boolean first, boolean metric) {
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metric && c == ':');
            return letter || (!first && c >= '0' && c <= '9');
        }

        private double number(String token) {
            switch (token) {
                case "+Inf", "Inf" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Inf" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                case "NaN" -> {
                    return Double.NaN;
                }
                default -> {
                    try {
                        return Double.parseDouble(token);
                    } catch (NumberFormatException e) {
                        throw error("value '" + token + "' is not a number");
                    }
                }
            }
        }

        private char peek() {
            return pos < line.length() ? line.charAt(pos) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private void skipSpaces() {
            while (pos < line.length() && Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
        }

        private MetricsParseException error(String what) {
            return new MetricsParseException("metrics line " + lineNumber + ", column " + (pos + 1) + ": " + what
                    + ": " + line);
        }
    }
}
