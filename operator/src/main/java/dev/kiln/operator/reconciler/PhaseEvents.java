package dev.kiln.operator.reconciler;

import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.Phase;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/** A Kubernetes Event on the ModelDeployment for every phase change, with the reason behind it. */
@ApplicationScoped
public class PhaseEvents {

    static final String COMPONENT = "kiln-operator";
    private static final Logger LOG = Logger.getLogger(PhaseEvents.class);

    void phaseChanged(KubernetesClient client, ModelDeployment md, Phase from, Phase to, String reason, String message,
                      Instant now) {
        boolean bad = to == Phase.Failed || to == Phase.Degraded;
        String text = "phase " + (from == null ? "(none)" : from.name()) + " -> " + to.name()
                + (message == null || message.isBlank() ? "" : ": " + message);
        var event = new EventBuilder()
                .withNewMetadata()
                    .withGenerateName(md.getMetadata().getName() + ".")
                    .withNamespace(md.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(md.getApiVersion())
                        .withKind(md.getKind())
                        .withName(md.getMetadata().getName())
                        .withNamespace(md.getMetadata().getNamespace())
                        .withUid(md.getMetadata().getUid())
                        .build())
                .withType(bad ? "Warning" : "Normal")
                .withReason(reason)
                .withMessage(text.length() > 1000 ? text.substring(0, 1000) + "..." : text)
                .withFirstTimestamp(now.toString())
                .withLastTimestamp(now.toString())
                .withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
        try {
            client.v1().events().inNamespace(md.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            // An event is a courtesy; losing one must not fail the reconcile that changed the phase.
            LOG.warnf("cannot record event %s on %s/%s: %s", reason, md.getMetadata().getNamespace(),
                    md.getMetadata().getName(), e.getMessage());
        }
    }
}
