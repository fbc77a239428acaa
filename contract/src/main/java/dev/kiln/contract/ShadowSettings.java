package dev.kiln.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live shadow settings a serving pod reads from the file named by {@link RuntimeContract.Env#SHADOW_CONFIG_FILE}
 * (the operator writes it as key {@link #FILE_KEY} of a ConfigMap mounted into every serving pod). JSON:
 * {@code {"url": "http://model-canary.ns.svc:8080", "fraction": 0.2, "revision": "7d9f3c1a"}}; a fraction of 0, or
 * no url, mirrors nothing. Every serving pod of a ModelDeployment mounts the same file, canary pods included, so
 * {@code revision} says which servers mirror: only those started with that {@link RuntimeContract.Env#REVISION}.
 *
 * @param url      the canary's base URL; null for none
 * @param fraction fraction of successful requests mirrored, 0 to 1
 * @param revision only a server of this revision mirrors; null for every server
 */
public record ShadowSettings(URI url, double fraction, String revision) {

    /** The ConfigMap key, and so the file name inside the mounted folder. */
    public static final String FILE_KEY = "shadow.json";

    public static final ShadowSettings OFF = new ShadowSettings(null, 0, null);

    /** Every server mirrors. */
    public ShadowSettings(URI url, double fraction) {
        this(url, fraction, null);
    }

    public ShadowSettings {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be between 0 and 1, got " + fraction);
        }
        if (url != null && !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("url must be an http or https URL, got '" + url + "'");
        }
    }

    /** Mirroring happens: a URL and a fraction above 0. */
    public boolean mirrors() {
        return url != null && fraction > 0;
    }

    /** What a server of this revision does: these settings, or off when they are for another revision. */
    public ShadowSettings forRevision(String serverRevision) {
        return revision == null || revision.equals(serverRevision) ? this : OFF;
    }

    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (url != null) {
            fields.put("url", url.toString());
        }
        fields.put("fraction", fraction);
        if (revision != null) {
            fields.put("revision", revision);
        }
        try {
            return Contracts.mapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @throws IllegalArgumentException naming the field and what is wrong: not JSON, url not an http(s) URL,
     *                                  fraction missing or outside 0..1
     */
    public static ShadowSettings parse(String json) {
        JsonNode root;
        try {
            root = Contracts.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object with url and fraction");
        }
        JsonNode fraction = root.get("fraction");
        if (fraction == null || !fraction.isNumber()) {
            throw new IllegalArgumentException("fraction is required: a number from 0 (off) to 1");
        }
        JsonNode url = root.get("url");
        URI uri = null;
        if (url != null && !url.isNull() && !url.asText().isBlank()) {
            try {
                uri = new URI(url.asText());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("url '" + url.asText() + "' is not a URL: " + e.getReason());
            }
        }
        JsonNode revision = root.get("revision");
        if (revision != null && !revision.isNull() && !revision.isTextual()) {
            throw new IllegalArgumentException("revision must be a string: the revision whose servers mirror");
        }
        return new ShadowSettings(uri, fraction.asDouble(),
                revision == null || revision.isNull() || revision.asText().isBlank() ? null : revision.asText());
    }
}
