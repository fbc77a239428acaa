package dev.kiln.operator.resources;

import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.config.KilnConfig;
import dev.kiln.operator.target.ServingTarget;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.HttpURLConnection;

/**
 * Creates optimization Jobs and their plans, and cancels those of abandoned revisions. Jobs are never updated:
 * a changed spec is a new revision.
 */
@ApplicationScoped
public class OptimizationJobResource {

    private final KilnConfig config;

    public OptimizationJobResource(KilnConfig config) {
        this.config = config;
    }

    /** Stops the Job of a revision nobody wants any more; its pods go with it. */
    public void cancel(ModelDeployment md, String name, Context<ModelDeployment> context) {
        context.getClient().batch().v1().jobs().inNamespace(md.getMetadata().getNamespace()).withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }

    public void start(ModelDeployment md, String revision, long generation, ServingTarget target,
                      Context<ModelDeployment> context) {
        Job desired = OptimizationJobBuilder.job(md, revision, generation, target, config);
        Job job;
        try {
            job = context.resourceOperations().create(desired);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // Created by an earlier reconcile that the informer has not shown yet.
            job = context.getClient().resource(desired).get();
        }
        ConfigMap plan = OptimizationJobBuilder.plan(md, job, OptimizationPlanBuilder.build(md.getSpec(), target));
        try {
            context.getClient().resource(plan).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }
}
