package dev.kiln.sandbox.apiserver;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The resources the API server knows: the built-in ones plus those of the stored CRDs. */
public final class ResourceTypes {

    private static final String BUILTINS = "/dev/kiln/sandbox/builtin-resources.yaml";

    private static final PrinterColumn AGE = new PrinterColumn("Age", "date", ".metadata.creationTimestamp", 0, null);

    private final List<ResourceType> types;

    private ResourceTypes(List<ResourceType> types) {
        this.types = List.copyOf(types);
    }

    public static List<ResourceType> builtins() {
        YAMLMapper yaml = YAMLMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        try (InputStream in = ResourceTypes.class.getResourceAsStream(BUILTINS)) {
            List<ResourceType> declared = yaml.readValue(in, new TypeReference<List<ResourceType>>() { });
            return declared.stream().map(ResourceTypes::withDefaultColumns).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILTINS, e);
        }
    }

    /** Like the real server's default table: an Age column when a resource declares none. */
    private static ResourceType withDefaultColumns(ResourceType t) {
        if (!t.columns().isEmpty()) {
            return t;
        }
        return new ResourceType(t.group(), t.version(), t.kind(), t.plural(), t.singular(), t.namespaced(),
                t.shortNames(), t.categories(), t.subresources(), List.of(AGE), t.scale());
    }

    public static ResourceTypes of(List<ResourceType> builtins, List<JsonNode> crds) {
        List<ResourceType> all = new ArrayList<>(builtins);
        crds.forEach(crd -> all.addAll(fromCrd(crd)));
        return new ResourceTypes(all);
    }

    /** One resource type per served version of a CustomResourceDefinition. */
    public static List<ResourceType> fromCrd(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        List<ResourceType> result = new ArrayList<>();
        for (JsonNode version : spec.path("versions")) {
            if (!version.path("served").asBoolean(true)) {
                continue;
            }
            List<String> subresources = new ArrayList<>();
            version.path("subresources").fieldNames().forEachRemaining(subresources::add);
            List<PrinterColumn> columns = new ArrayList<>();
            for (JsonNode c : version.path("additionalPrinterColumns")) {
                columns.add(new PrinterColumn(c.path("name").asText(), c.path("type").asText("string"),
                        c.path("jsonPath").asText(), c.path("priority").asInt(0), c.path("description").asText(null)));
            }
            if (!version.has("additionalPrinterColumns")) {
                columns.add(AGE);
            }
            result.add(new ResourceType(spec.path("group").asText(), version.path("name").asText(),
                    names.path("kind").asText(), names.path("plural").asText(), names.path("singular").asText(null),
                    !"Cluster".equals(spec.path("scope").asText()), strings(names.path("shortNames")),
                    strings(names.path("categories")), subresources, columns, scalePaths(version)));
        }
        return result;
    }

    private static ScalePaths scalePaths(JsonNode version) {
        JsonNode scale = version.path("subresources").path("scale");
        if (scale.isMissingNode()) {
            return null;
        }
        return new ScalePaths(scale.path("specReplicasPath").asText(), scale.path("statusReplicasPath").asText(),
                scale.path("labelSelectorPath").asText(null));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    public List<ResourceType> all() {
        return types;
    }

    /** The resource of an object's apiVersion and kind. */
    public Optional<ResourceType> byKind(String apiVersion, String kind) {
        return types.stream().filter(t -> t.groupVersion().equals(apiVersion) && t.kind().equals(kind)).findFirst();
    }

    public Optional<ResourceType> find(String group, String version, String plural) {
        return types.stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural))
                .findFirst();
    }
}
