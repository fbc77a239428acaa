package dev.kiln.sandbox.apiserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes REST path taken apart: {@code /api/v1/namespaces/default/pods/p1/status?watch=true}.
 * Discovery paths ({@code /api}, {@code /apis/kiln.dev/v1alpha1}) parse too, with no resource.
 */
public record ResourcePath(String rawPath, String group, String version, String namespace, String resource,
                           String name, String subresource, Map<String, String> query) {

    private static final Pattern PATH = Pattern.compile(
            "^/(?:api|apis/(?<group>[^/]+))(?:/(?<version>[^/]+))?"
                    + "(?:/namespaces/(?<ns>[^/]+))?"
                    + "(?:/(?<resource>[^/]+))?(?:/(?<name>[^/]+))?(?:/(?<sub>[^/]+))?/?$");

    public static ResourcePath parse(String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        Map<String, String> query = parseQuery(q < 0 ? "" : uri.substring(q + 1));
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return new ResourcePath(path, null, null, null, null, null, null, query);
        }
        String group = m.group("group");
        String ns = m.group("ns");
        String resource = m.group("resource");
        String name = m.group("name");
        // "/api/v1/namespaces/default" is the namespace object itself, not a namespaced collection.
        if (ns != null && resource == null) {
            resource = "namespaces";
            name = ns;
            ns = null;
        }
        return new ResourcePath(path, group == null ? "" : group, m.group("version"), ns, resource, name,
                m.group("sub"), query);
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    public boolean isCoreGroup() {
        return group != null && group.isEmpty();
    }

    public boolean isDiscovery() {
        return resource == null && (group != null);
    }

    public boolean isWatch() {
        String watch = query.get("watch");
        return "true".equals(watch) || "1".equals(watch);
    }

    public boolean isStatus() {
        return "status".equals(subresource);
    }

    public Optional<String> param(String key) {
        return Optional.ofNullable(query.get(key));
    }

    /** The object's own path, without subresource or query: where the stored object lives. */
    public String objectPath() {
        return collectionPath() + "/" + name;
    }

    /** The path of the collection the object belongs to, without query. */
    public String collectionPath() {
        StringBuilder b = new StringBuilder(isCoreGroup() ? "/api" : "/apis/" + group).append('/').append(version);
        if (namespace != null) {
            b.append("/namespaces/").append(namespace);
        }
        return b.append('/').append(resource).toString();
    }

    /** The path with only the query parameters the storage understands (label and field selectors). */
    public String storagePath() {
        StringBuilder b = new StringBuilder(rawPath);
        char sep = '?';
        for (String key : new String[] {"labelSelector", "fieldSelector"}) {
            String value = query.get(key);
            if (value != null && !value.isEmpty()) {
                b.append(sep).append(key).append('=').append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return b.toString();
    }
}
