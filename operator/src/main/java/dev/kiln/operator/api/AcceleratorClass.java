package dev.kiln.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One kind of hardware, described once by a platform admin (like IngressClass or DRA's DeviceClass):
 * which device resource a replica takes, which nodes have it, the runtime that drives it, and how models
 * are optimized for it. Cluster-scoped: it does not implement Namespaced.
 */
@Group(ModelDeployment.GROUP)
@Version(ModelDeployment.VERSION)
@ShortNames("accel")
@Categories("kiln")
@AdditionalPrinterColumn(name = "Resource", jsonPath = ".spec.resourceName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Per-Replica", jsonPath = ".spec.perReplica", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Provider", jsonPath = ".spec.runtime.executionProvider", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Priority", jsonPath = ".spec.priority", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class AcceleratorClass extends CustomResource<AcceleratorClassSpec, Void> {
}
