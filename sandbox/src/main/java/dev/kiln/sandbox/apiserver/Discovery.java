package dev.kiln.sandbox.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The legacy (unaggregated) discovery documents kubectl and the fabric8 client read: {@code /api},
 * {@code /apis}, {@code /apis/<group>} and the resource lists of each group version.
 */
public final class Discovery {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] OBJECT_VERBS = {"create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch"};
    private static final String[] SUBRESOURCE_VERBS = {"get", "patch", "update"};

    private Discovery() {
    }

    public static ObjectNode coreVersions(String serverAddress) {
        ObjectNode versions = JSON.objectNode();
        versions.put("kind", "APIVersions");
        versions.putArray("versions").add("v1");
        ObjectNode cidr = versions.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", serverAddress);
        return versions;
    }

    public static ObjectNode groupList(List<ResourceType> types) {
        ObjectNode list = JSON.objectNode();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        versionsByGroup(types).forEach((group, versions) -> groups.add(group(group, versions)));
        return list;
    }

    public static Optional<ObjectNode> group(List<ResourceType> types, String group) {
        Set<String> versions = versionsByGroup(types).get(group);
        if (versions == null) {
            return Optional.empty();
        }
        ObjectNode node = group(group, versions);
        node.put("kind", "APIGroup");
        node.put("apiVersion", "v1");
        return Optional.of(node);
    }

    private static ObjectNode group(String name, Set<String> versions) {
        ObjectNode group = JSON.objectNode();
        group.put("name", name);
        ArrayNode list = group.putArray("versions");
        for (String v : versions) {
            ObjectNode gv = list.addObject();
            gv.put("groupVersion", name + "/" + v);
            gv.put("version", v);
        }
        group.set("preferredVersion", list.get(0).deepCopy());
        return group;
    }

    private static Map<String, Set<String>> versionsByGroup(List<ResourceType> types) {
        Map<String, Set<String>> byGroup = new LinkedHashMap<>();
        for (ResourceType t : types) {
            if (!t.group().isEmpty()) {
                byGroup.computeIfAbsent(t.group(), g -> new LinkedHashSet<>()).add(t.version());
            }
        }
        return byGroup;
    }

    /** The APIResourceList of one group version, or empty when nothing is served there. */
    public static Optional<ObjectNode> resourceList(List<ResourceType> types, String group, String version) {
        List<ResourceType> served = types.stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
        if (served.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode list = JSON.objectNode();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = list.putArray("resources");
        for (ResourceType t : served) {
            ObjectNode r = resources.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            ArrayNode verbs = r.putArray("verbs");
            for (String verb : OBJECT_VERBS) {
                verbs.add(verb);
            }
            if (!t.shortNames().isEmpty()) {
                ArrayNode shortNames = r.putArray("shortNames");
                t.shortNames().forEach(shortNames::add);
            }
            if (!t.categories().isEmpty()) {
                ArrayNode categories = r.putArray("categories");
                t.categories().forEach(categories::add);
            }
            for (String sub : t.subresources()) {
                ObjectNode s = resources.addObject();
                s.put("name", t.plural() + "/" + sub);
                s.put("singularName", "");
                s.put("namespaced", t.namespaced());
                s.put("kind", sub.equals("scale") ? "Scale" : t.kind());
                if (sub.equals("scale")) {
                    s.put("group", "autoscaling");
                    s.put("version", "v1");
                }
                ArrayNode subVerbs = s.putArray("verbs");
                for (String verb : SUBRESOURCE_VERBS) {
                    subVerbs.add(verb);
                }
            }
        }
        return Optional.of(list);
    }
}
