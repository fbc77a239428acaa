package dev.kiln.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Operator-wide settings: what the operator runs and where optimized models are kept. */
@ConfigMapping(prefix = "kiln.operator")
public interface KilnConfig {

    /** Runtime image for optimization Jobs and inference pods, unless spec.serving.image overrides it. */
    @WithDefault("kiln-runtime:0.1.0")
    String runtimeImage();

    @WithDefault("IfNotPresent")
    String imagePullPolicy();

    /** PersistentVolumeClaim, in each ModelDeployment's namespace, that holds optimized artifacts. */
    @WithDefault("kiln-artifacts")
    String artifactsPvc();

    /** User and group the runtime containers run as; the artifacts volume is group-writable through fsGroup. */
    @WithDefault("1000")
    long runAsUser();

    Job job();

    LeaderElection leaderElection();

    Analysis analysis();

    interface Analysis {
        /**
         * Prometheus base URL for metrics of type prometheus, unless spec.rollout.analysis.prometheusAddress
         * names one; unset: such metrics need the spec's address.
         */
        java.util.Optional<String> prometheusUrl();
    }

    interface LeaderElection {
        /** The Lease, in the operator's namespace, that replicas compete for (production profile only). */
        @WithDefault("kiln-operator-leader")
        String leaseName();

        /** Exit when leadership is lost, so the pod restarts and campaigns afresh; tests turn this off. */
        @WithDefault("true")
        boolean exitOnStopLeading();
    }

    interface Job {
        /** Pod failures a Job tolerates before it fails; exit codes of deterministic outcomes fail it at once. */
        @WithDefault("1")
        int backoffLimit();

        /** Finished Jobs are removed after this long; their summary is kept in the ModelDeployment status. */
        @WithDefault("3600")
        int ttlSecondsAfterFinished();

        /** Default resources when spec.optimization.resources is unset. */
        @WithDefault("1")
        String cpu();

        @WithDefault("2Gi")
        String memory();
    }
}
