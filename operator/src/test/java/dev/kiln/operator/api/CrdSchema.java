package dev.kiln.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Offline admission for a CRD: its OpenAPI v3 schema (as JSON Schema) and its CEL rules
 * (x-kubernetes-validations), evaluated the way the API server does, since the mock API server validates
 * nothing. Kubernetes' CEL list library function {@code isSorted()} is bound here by hand because cel-java
 * does not ship Kubernetes' extensions.
 */
final class CrdSchema {

    private static final YAMLMapper YAML = new YAMLMapper();

    private final JsonNode openApiSchema;
    private final JsonSchema jsonSchema;
    private final CelCompiler compiler;
    private final CelRuntime runtime;

    private CrdSchema(JsonNode openApiSchema) {
        this.openApiSchema = openApiSchema;
        this.jsonSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                .getSchema(withoutKubernetesExtensions(openApiSchema.deepCopy()));
        this.compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("self", SimpleType.DYN)
                .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("isSorted",
                        CelOverloadDecl.newMemberOverload("list_isSorted", SimpleType.BOOL,
                                ListType.create(SimpleType.DYN))))
                .build();
        this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                .addFunctionBindings(CelFunctionBinding.from("list_isSorted", List.class, CrdSchema::isSorted))
                .build();
    }

    static CrdSchema load(Path crdFile) throws IOException {
        JsonNode crd = YAML.readTree(Files.readString(crdFile));
        return new CrdSchema(crd.at("/spec/versions/0/schema/openAPIV3Schema"));
    }

    static JsonNode readYaml(String yaml) throws IOException {
        return YAML.readTree(yaml);
    }

    /** Every problem the API server would report for this object; empty when it would be admitted. */
    List<String> validate(JsonNode object) {
        applyDefaults(openApiSchema, object);
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : jsonSchema.validate(object)) {
            problems.add(message.getMessage());
        }
        if (problems.isEmpty()) {
            evaluateRules(openApiSchema, object, "", problems);
        }
        return problems;
    }

    private void evaluateRules(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        JsonNode properties = schema.get("properties");
        if (properties != null && value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                evaluateRules(property.getValue(), value.get(property.getKey()), path + "." + property.getKey(), problems);
            }
        }
        JsonNode items = schema.get("items");
        if (items != null && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                evaluateRules(items, value.get(i), path + "[" + i + "]", problems);
            }
        }
        JsonNode rules = schema.get("x-kubernetes-validations");
        if (rules == null) {
            return;
        }
        Object self = toCel(schema, value);
        for (JsonNode rule : rules) {
            String expression = rule.get("rule").asText();
            try {
                CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
                Object result = runtime.createProgram(ast).eval(Map.of("self", self));
                if (!Boolean.TRUE.equals(result)) {
                    problems.add((path.isEmpty() ? "<root>" : path.substring(1)) + ": " + rule.get("message").asText());
                }
            } catch (Exception e) {
                throw new IllegalStateException("CEL rule at " + path + " does not evaluate: " + expression, e);
            }
        }
    }

    /** Structural defaulting, which the API server applies before it validates. */
    private static void applyDefaults(JsonNode schema, JsonNode value) {
        if (value instanceof ObjectNode object) {
            JsonNode properties = schema.get("properties");
            if (properties != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = it.next();
                    JsonNode defaultValue = property.getValue().get("default");
                    if (!object.has(property.getKey()) && defaultValue != null) {
                        object.set(property.getKey(), defaultValue.deepCopy());
                    }
                    if (object.has(property.getKey())) {
                        applyDefaults(property.getValue(), object.get(property.getKey()));
                    }
                }
            }
        } else if (value instanceof ArrayNode array && schema.get("items") != null) {
            array.forEach(element -> applyDefaults(schema.get("items"), element));
        }
    }

    /** Converts JSON to CEL values using the schema's types, as the API server does (integer vs number). */
    private static Object toCel(JsonNode schema, JsonNode value) {
        String type = schema == null || schema.get("type") == null ? "" : schema.get("type").asText();
        if (value.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            JsonNode properties = schema == null ? null : schema.get("properties");
            JsonNode additional = schema == null ? null : schema.get("additionalProperties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode fieldSchema = properties != null && properties.has(field.getKey())
                        ? properties.get(field.getKey()) : additional;
                map.put(field.getKey(), toCel(fieldSchema, field.getValue()));
            }
            return map;
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            JsonNode items = schema == null ? null : schema.get("items");
            for (JsonNode element : value) {
                list.add(toCel(items, element));
            }
            return list;
        }
        if (value.isNumber()) {
            return "integer".equals(type) ? (Object) value.asLong() : (Object) value.asDouble();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        return value.asText();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object isSorted(List list) {
        for (int i = 1; i < list.size(); i++) {
            if (((Comparable) list.get(i - 1)).compareTo(list.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode withoutKubernetesExtensions(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<String> extensions = new ArrayList<>();
            object.fieldNames().forEachRemaining(name -> {
                if (name.startsWith("x-kubernetes-")) {
                    extensions.add(name);
                }
            });
            object.remove(extensions);
            object.forEach(CrdSchema::withoutKubernetesExtensions);
        } else if (node instanceof ArrayNode array) {
            array.forEach(CrdSchema::withoutKubernetesExtensions);
        }
        return node;
    }
}
