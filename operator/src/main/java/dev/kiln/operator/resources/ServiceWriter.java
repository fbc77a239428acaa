package dev.kiln.operator.resources;

import dev.kiln.operator.api.ModelDeployment;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;

import java.util.LinkedHashMap;
import java.util.Optional;

/** Creates a Service or brings the fields Kiln owns up to date, keeping what the API server allocated (clusterIP). */
final class ServiceWriter {

    private ServiceWriter() {
    }

    static void apply(Service desired, Optional<Service> live, Context<ModelDeployment> context) {
        Service stamped = AppliedHash.stamp(desired);
        if (live.isEmpty()) {
            context.resourceOperations().create(stamped);
        } else if (!AppliedHash.matches(stamped, live)) {
            context.resourceOperations().jsonPatch(live.get(), s -> {
                s.getMetadata().setLabels(stamped.getMetadata().getLabels());
                var annotations = new LinkedHashMap<String, String>();
                if (s.getMetadata().getAnnotations() != null) {
                    annotations.putAll(s.getMetadata().getAnnotations());
                }
                annotations.putAll(stamped.getMetadata().getAnnotations());
                s.getMetadata().setAnnotations(annotations);
                s.getSpec().setSelector(stamped.getSpec().getSelector());
                s.getSpec().setPorts(stamped.getSpec().getPorts());
                return s;
            });
        }
    }
}
