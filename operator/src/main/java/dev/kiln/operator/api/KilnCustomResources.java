package dev.kiln.operator.api;

import io.fabric8.kubernetes.client.CustomResource;

import java.util.List;

/** Every custom resource kind Kiln defines; the CRD generator and its drift check walk this list. */
public final class KilnCustomResources {

    public static final List<Class<? extends CustomResource<?, ?>>> ALL = List.of(ModelDeployment.class, AcceleratorClass.class);

    private KilnCustomResources() {
    }
}
