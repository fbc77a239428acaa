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

    public static class GatewayApi {
        @Required
        @Size(min = 1, max = 16)
        @JsonPropertyDescription("Gateways the HTTPRoute attaches to.")
        public List<ParentRef> parentRefs = new ArrayList<>();

        @JsonPropertyDescription("Hostnames the HTTPRoute matches.")
        public List<String> hostnames = new ArrayList<>();

        @Default("/")
        @JsonPropertyDescription("Path prefix the HTTPRoute matches.")
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
