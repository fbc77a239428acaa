package dev.kiln.operator.revision;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.generator.annotation.Default;

import java.math.BigDecimal;
import java.util.Collection;

/**
 * Turns API objects into JSON without the values that equal their {@code @Default}, the same annotation the CRD's
 * schema defaults are generated from, so "set to the default", "left for the API server to default" and "a field
 * that did not exist yet" all read the same. Objects left empty are dropped; list elements keep their places.
 */
final class DefaultedValues {

    private static final String API_PACKAGE = "dev.kiln.operator.api";

    private final ObjectMapper mapper;

    DefaultedValues(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    JsonNode withoutDefaults(Object value) {
        JsonNode tree = mapper.valueToTree(value);
        if (value instanceof Collection<?> items && tree instanceof ArrayNode array) {
            // A top-level list has lost its element type to erasure; each element still knows its class.
            int i = 0;
            for (Object item : items) {
                if (item != null) {
                    prune(array.get(i), mapper.constructType(item.getClass()));
                }
                i++;
            }
        } else {
            prune(tree, mapper.constructType(value.getClass()));
        }
        return tree;
    }

    static boolean isEmpty(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || (node.isContainerNode() && node.isEmpty())
                || (node.isTextual() && node.asText().isEmpty());
    }

    private void prune(JsonNode node, JavaType type) {
        if (node == null || type == null) {
            return;
        }
        if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                prune(element, type.getContentType());
            }
        } else if (node instanceof ObjectNode object && type.getRawClass().getPackageName().startsWith(API_PACKAGE)) {
            BeanDescription bean = mapper.getSerializationConfig().introspect(type);
            for (BeanPropertyDefinition property : bean.findProperties()) {
                JsonNode child = object.get(property.getName());
                if (child == null) {
                    continue;
                }
                AnnotatedMember member = property.getPrimaryMember();
                Default declared = member == null ? null : member.getAnnotation(Default.class);
                if (declared != null && equalsLiteral(child, declared.value())) {
                    object.remove(property.getName());
                    continue;
                }
                prune(child, property.getPrimaryType());
                if (isEmpty(child)) {
                    object.remove(property.getName());
                }
            }
        }
    }

    private static boolean equalsLiteral(JsonNode value, String literal) {
        if (value.isNumber()) {
            try {
                return new BigDecimal(literal).compareTo(value.decimalValue()) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (value.isBoolean()) {
            return literal.equals(Boolean.toString(value.booleanValue()));
        }
        return value.isTextual() && value.asText().equals(literal);
    }
}
