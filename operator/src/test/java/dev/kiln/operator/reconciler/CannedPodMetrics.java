package dev.kiln.operator.reconciler;

import dev.kiln.operator.analysis.MetricsFetchException;
import dev.kiln.operator.analysis.MetricsPage;
import dev.kiln.operator.analysis.PodMetricsSource;
import dev.kiln.operator.analysis.PodScrape;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pod metrics pages for the operator-loop tests (the mock API server runs no pods): each scrape of a pod adds
 * the requests its revision is set to serve between two scrapes, at one latency bucket, to the pod's counters,
 * and returns the page the runtime would write. A pod of a revision with no behaviour cannot be read.
 */
@Alternative
@Priority(1)
@Singleton
public class CannedPodMetrics implements PodMetricsSource {

    /**
     * @param requestsPerScrape requests one pod serves between two scrapes
     * @param bucket            index into {@link MetricsPage#BOUNDS}: every request takes at most that long
     * @param errorsPerScrape   of those, server errors
     */
    public record Behaviour(int requestsPerScrape, int bucket, int errorsPerScrape) {
    }

    /** Shadow comparisons are counted by the mirroring pod, as the runtime does. */
    private record Counters(double requests, double errors, double agree, double disagree) {
    }

    private final Map<String, Behaviour> byRevision = new ConcurrentHashMap<>();
    private final Map<String, String> revisionOfPod = new ConcurrentHashMap<>();
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();
    private final Map<String, Double> mirrorFractionOfPod = new ConcurrentHashMap<>();
    /** Share of mirrored requests whose canary answer agrees. */
    private volatile double canaryAgreement = 1.0;
    private final Clock clock;

    public CannedPodMetrics(Clock clock) {
        this.clock = clock;
    }

    public void serve(String revision, Behaviour behaviour) {
        byRevision.put(revision, behaviour);
    }

    public void canaryAgreement(double share) {
        canaryAgreement = share;
    }

    /** The fraction of its requests the pod mirrors now (ServingPods reads it from the shadow settings ConfigMap). */
    void mirroring(String pod, double fraction) {
        mirrorFractionOfPod.put(pod, fraction);
    }

    /** The pod runs this revision (ServingPods calls this when it starts a pod). */
    void started(String pod, String revision) {
        revisionOfPod.put(pod, revision);
    }

    @Override
    public PodScrape scrape(String pod, String host, int port) {
        String revision = revisionOfPod.get(pod);
        Behaviour behaviour = revision == null ? null : byRevision.get(revision);
        if (behaviour == null) {
            throw new MetricsFetchException("pod " + pod + ": no canned metrics");
        }
        double mirrored = Math.floor(behaviour.requestsPerScrape() * mirrorFractionOfPod.getOrDefault(pod, 0.0));
        double agree = Math.round(mirrored * canaryAgreement);
        Counters now = counters.merge(pod, new Counters(behaviour.requestsPerScrape(), behaviour.errorsPerScrape(),
                        agree, mirrored - agree),
                (a, b) -> new Counters(a.requests() + b.requests(), a.errors() + b.errors(), a.agree() + b.agree(),
                        a.disagree() + b.disagree()));
        String page = MetricsPage.of("stable", revision)
                .requests("success", now.requests() - now.errors())
                .requests("server_error", now.errors())
                .latency(MetricsPage.allAtOrBelow(behaviour.bucket(), behaviour.bucket(), now.requests()))
                .shadow("agree", now.agree())
                .shadow("disagree", now.disagree())
                .text();
        return PodScrape.parse(pod, clock.instant(), page);
    }
}
