package dev.kiln.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The checks of the Kubernetes "restricted" Pod Security Standard that a pod spec can fail, plus Kiln's own
 * rule of a read-only root filesystem. Returns one readable line per violation.
 */
final class RestrictedPodSecurity {

    private static final Set<String> ALLOWED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");

    private RestrictedPodSecurity() {
    }

    static List<String> violations(JsonNode podSpec) {
        List<String> problems = new ArrayList<>();
        JsonNode podContext = podSpec.path("securityContext");
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (podSpec.path(host).asBoolean(false)) {
                problems.add("spec." + host + " must not be true");
            }
        }
        for (JsonNode volume : podSpec.path("volumes")) {
            volume.fieldNames().forEachRemaining(field -> {
                if (!"name".equals(field) && !ALLOWED_VOLUME_TYPES.contains(field)) {
                    problems.add("volume " + volume.path("name").asText() + " uses " + field);
                }
            });
        }
        List<JsonNode> containers = new ArrayList<>();
        podSpec.path("initContainers").forEach(containers::add);
        podSpec.path("containers").forEach(containers::add);
        if (containers.isEmpty()) {
            problems.add("the pod has no containers");
        }
        for (JsonNode container : containers) {
            String at = "container " + container.path("name").asText() + ": ";
            JsonNode sc = container.path("securityContext");
            if (sc.path("privileged").asBoolean(false)) {
                problems.add(at + "securityContext.privileged must not be true");
            }
            if (!sc.path("allowPrivilegeEscalation").isBoolean() || sc.path("allowPrivilegeEscalation").asBoolean()) {
                problems.add(at + "securityContext.allowPrivilegeEscalation must be false");
            }
            if (!inherited(sc, podContext, "runAsNonRoot").asBoolean(false)) {
                problems.add(at + "runAsNonRoot must be true (container or pod securityContext)");
            }
            if (inherited(sc, podContext, "runAsUser").asInt(-1) == 0) {
                problems.add(at + "runAsUser must not be 0");
            }
            String seccomp = inherited(sc, podContext, "seccompProfile").path("type").asText("");
            if (!Set.of("RuntimeDefault", "Localhost").contains(seccomp)) {
                problems.add(at + "seccompProfile.type must be RuntimeDefault or Localhost, is '" + seccomp + "'");
            }
            boolean dropsAll = false;
            for (JsonNode drop : sc.path("capabilities").path("drop")) {
                dropsAll |= "ALL".equals(drop.asText());
            }
            if (!dropsAll) {
                problems.add(at + "securityContext.capabilities.drop must contain ALL");
            }
            for (JsonNode add : sc.path("capabilities").path("add")) {
                if (!"NET_BIND_SERVICE".equals(add.asText())) {
                    problems.add(at + "capability " + add.asText() + " must not be added");
                }
            }
            for (JsonNode port : container.path("ports")) {
                if (port.has("hostPort")) {
                    problems.add(at + "hostPort must not be set");
                }
            }
            if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                problems.add(at + "securityContext.readOnlyRootFilesystem must be true");
            }
        }
        return problems;
    }

    private static JsonNode inherited(JsonNode container, JsonNode pod, String field) {
        return container.has(field) ? container.path(field) : pod.path(field);
    }
}
