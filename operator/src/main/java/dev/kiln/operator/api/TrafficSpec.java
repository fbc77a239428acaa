package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

@ValidationRule(value = "!(has(self.gatewayAPI) && has(self.replicas))",
        message = "spec.rollout.traffic: set gatewayAPI or replicas, not both")
public class TrafficSpec {

    public static class ParentRef {
        @Required
        @JsonPropertyDescription("Name of the Gateway.")
        public String name;

        @JsonPropertyDescription("Namespace of the Gateway; default: this namespace.")
        public String namespace;

        @JsonPropertyDescription("Listener of the Gateway.")
        public String sectionName;
    }

    @ValidationRule(value = "!has(self.path) || self.path.startsWith('/')",
            message = "spec.rollout.traffic.gatewayAPI.path must start with '/', e.g. /v2")
    @ValidationRule(value = "!has(self.hostnames) || self.hostnames.all(h, "
            + "h.matches('^(\\\\*\\\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'))",
            message = "spec.rollout.traffic.gatewayAPI.hostnames: each must be a lower-case DNS name, optionally "
                    + "starting with '*.', e.g. models.example.com")
    public static class GatewayApi {
        @Required
        @Size(min = 1, max = 16)
        @JsonPropertyDescription("Gateways the HTTPRoute attaches to.")
        public List<ParentRef> parentRefs = new ArrayList<>();

        @Size(max = 16)
        @JsonPropertyDescription("Hostnames the HTTPRoute matches; none: every hostname of the Gateway's listener.")
        public List<String> hostnames = new ArrayList<>();

        @Default("/")
        @JsonPropertyDescription("Path prefix the HTTPRoute matches (PathPrefix).")
        public String path = "/";
    }

    public static class ReplicaRatio {
    }

    @JsonPropertyDescription("Split traffic with a Gateway API HTTPRoute that Kiln owns, weighting the stable and "
            + "canary Services.")
    public GatewayApi gatewayAPI;

    @JsonPropertyDescription("Split traffic by replica ratio behind one Service (the default; no gateway needed).")
    public ReplicaRatio replicas;
}
