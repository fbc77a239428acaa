package dev.kiln.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RestrictedPodSecurityTest {

    static final String COMPLIANT = """
            securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
            containers:
              - name: c
                securityContext:
                  allowPrivilegeEscalation: false
                  readOnlyRootFilesystem: true
                  capabilities: {drop: [ALL]}
            volumes: [{name: tmp, emptyDir: {}}]
            """;

    static ObjectNode pod(String yaml) {
        return (ObjectNode) Manifests.parse("kind: PodSpecHolder\nspec:\n" + yaml.indent(2), "test")
                .objects().get(0).path("spec");
    }

    @Test
    void acceptsACompliantPod() {
        assertThat(RestrictedPodSecurity.violations(pod(COMPLIANT))).isEmpty();
    }

    /** Each row breaks one rule of the compliant pod and names the violation expected. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "allowPrivilegeEscalation: false | allowPrivilegeEscalation: true | allowPrivilegeEscalation must be false",
            "readOnlyRootFilesystem: true    | readOnlyRootFilesystem: false  | readOnlyRootFilesystem must be true",
            "drop: [ALL]                     | drop: [NET_RAW]                | drop must contain ALL",
            "drop: [ALL]                     | drop: [ALL], add: [SYS_ADMIN]  | capability SYS_ADMIN must not be added",
            "runAsNonRoot: true,             | runAsNonRoot: false,           | runAsNonRoot must be true",
            "type: RuntimeDefault            | type: Unconfined               | seccompProfile.type must be RuntimeDefault",
            "emptyDir: {}                    | hostPath: {path: /}            | volume tmp uses hostPath",
    })
    void rejectsEachBreach(String from, String to, String expected) {
        String broken = COMPLIANT.replace(from.strip(), to.strip());
        assertThat(broken).isNotEqualTo(COMPLIANT);
        assertThat(RestrictedPodSecurity.violations(pod(broken))).anyMatch(v -> v.contains(expected.strip()));
    }

    @Test
    void rejectsHostNamespacesAndPrivilegedContainers() {
        String broken = COMPLIANT.replace("containers:", "hostNetwork: true\ncontainers:")
                .replace("- name: c", "- name: c\n    ports: [{containerPort: 80, hostPort: 80}]")
                .replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: false\n      privileged: true");
        assertThat(RestrictedPodSecurity.violations(pod(broken)))
                .contains("spec.hostNetwork must not be true", "container c: securityContext.privileged must not be true",
                        "container c: hostPort must not be set");
    }
}
