package dev.kiln.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Fields of a built-in Kubernetes object that its API type does not have, a misspelt readinessprobe say,
 * which the API server would drop or reject. The object is read into fabric8's model, which keeps fields it
 * does not know in additionalProperties; those are what this reports, with their path.
 */
final class UnknownFields {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private UnknownFields() {
    }

    /** Kiln's own kinds are checked against their CRD schema elsewhere (operator's AcceleratorClassExamplesTest). */
    static boolean isBuiltIn(JsonNode object) {
        return !object.path("apiVersion").asText().startsWith("kiln.dev/");
    }

    static List<String> of(JsonNode object) {
        HasMetadata typed = SERIALIZATION.unmarshal(object.toString());
        if (typed instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource) {
            throw new IllegalArgumentException("not a built-in kind: " + object.path("kind").asText());
        }
        List<String> found = new ArrayList<>();
        walk(typed, object.path("kind").asText(), found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value == null || !value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            if (value instanceof Collection<?> items) {
                int i = 0;
                for (Object item : items) {
                    walk(item, path + "[" + i++ + "]", found);
                }
            } else if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> walk(v, path + "." + k, found));
            }
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> found.add(path + "." + k));
                }
            } else {
                String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                walk(child, path + "." + name, found);
            }
        }
    }
}
