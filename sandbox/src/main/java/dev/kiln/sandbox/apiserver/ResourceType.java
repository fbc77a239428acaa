package dev.kiln.sandbox.apiserver;

import java.util.List;

/**
 * A resource the API server serves: where it lives, what discovery says about it, how tables print it.
 *
 * @param group        "" for the core group
 * @param subresources "status" and/or "scale"
 * @param scale        where the scale subresource reads and writes replicas; null without one
 */
public record ResourceType(String group, String version, String kind, String plural, String singular,
                           boolean namespaced, List<String> shortNames, List<String> categories,
                           List<String> subresources, List<PrinterColumn> columns, ScalePaths scale) {

    public ResourceType {
        shortNames = shortNames == null ? List.of() : List.copyOf(shortNames);
        categories = categories == null ? List.of() : List.copyOf(categories);
        subresources = subresources == null ? List.of() : List.copyOf(subresources);
        columns = columns == null ? List.of() : List.copyOf(columns);
        singular = singular == null || singular.isEmpty() ? kind.toLowerCase(java.util.Locale.ROOT) : singular;
    }

    public String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
