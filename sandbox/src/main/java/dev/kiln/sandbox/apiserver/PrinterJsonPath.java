package dev.kiln.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath subset that printer columns use: {@code .a.b}, {@code .a[0]} and
 * {@code .a[?(@.type=="Ready")].status} (first match). Anything else is rejected when the column is
 * defined, naming the path, rather than printing wrong values.
 */
public final class PrinterJsonPath {

    private static final Pattern FILTER = Pattern.compile("\\?\\(@\\.([A-Za-z0-9_.-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)");
    private static final Pattern INDEX = Pattern.compile("\\d+");

    private sealed interface Step permits Field, Index, Filter {
    }

    private record Field(String name) implements Step {
    }

    private record Index(int index) implements Step {
    }

    private record Filter(String key, String value) implements Step {
    }

    private final String expression;
    private final List<Step> steps;

    private PrinterJsonPath(String expression, List<Step> steps) {
        this.expression = expression;
        this.steps = steps;
    }

    public static PrinterJsonPath compile(String expression) {
        String path = expression.trim();
        if (path.startsWith("{") && path.endsWith("}")) {
            path = path.substring(1, path.length() - 1);
        }
        if (path.startsWith("$")) {
            path = path.substring(1);
        }
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw unsupported(expression);
                }
                steps.add(new Field(path.substring(i + 1, end)));
                i = end;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) {
                    throw unsupported(expression);
                }
                String inner = path.substring(i + 1, end);
                Matcher filter = FILTER.matcher(inner);
                if (INDEX.matcher(inner).matches()) {
                    steps.add(new Index(Integer.parseInt(inner)));
                } else if (filter.matches()) {
                    steps.add(new Filter(filter.group(1), filter.group(2)));
                } else if (inner.length() > 1 && (inner.startsWith("'") && inner.endsWith("'"))) {
                    steps.add(new Field(inner.substring(1, inner.length() - 1)));
                } else {
                    throw unsupported(expression);
                }
                i = end + 1;
            } else {
                throw unsupported(expression);
            }
        }
        return new PrinterJsonPath(expression, List.copyOf(steps));
    }

    private static IllegalArgumentException unsupported(String expression) {
        return new IllegalArgumentException("printer column jsonPath '" + expression
                + "' is not supported by the sandbox: use .field, [index] or [?(@.key==\"value\")] steps");
    }

    /** The value at this path, or a missing node. */
    public JsonNode evaluate(JsonNode root) {
        JsonNode node = root;
        for (Step step : steps) {
            if (node == null || node.isMissingNode() || node.isNull()) {
                return MissingNode.getInstance();
            }
            if (step instanceof Field f) {
                node = node.path(f.name());
            } else if (step instanceof Index idx) {
                node = node.path(idx.index());
            } else {
                node = first(node, (Filter) step);
            }
        }
        return node == null ? MissingNode.getInstance() : node;
    }

    private static JsonNode first(JsonNode array, Filter filter) {
        for (JsonNode element : array) {
            if (filter.value().equals(element.at("/" + filter.key().replace('.', '/')).asText(null))) {
                return element;
            }
        }
        return MissingNode.getInstance();
    }

    @Override
    public String toString() {
        return expression;
    }
}
