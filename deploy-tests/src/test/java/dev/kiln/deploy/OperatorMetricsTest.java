package dev.kiln.deploy;

import dev.kiln.contract.OperatorMetrics;
import dev.kiln.contract.OperatorMetrics.Metric;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheus.PrometheusNamingConvention;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator metric names in the contract are what the operator's Prometheus registry will really expose:
 * scraped names follow Micrometer's Prometheus naming, and the SDK's names are the SDK's own constants.
 */
class OperatorMetricsTest {

    static final PrometheusNamingConvention PROMETHEUS = new PrometheusNamingConvention();

    static String scraped(Metric metric) {
        return switch (metric.type()) {
            case COUNTER -> PROMETHEUS.name(metric.meterName(), Meter.Type.COUNTER);
            case GAUGE -> PROMETHEUS.name(metric.meterName(), Meter.Type.GAUGE);
            case TIMER -> PROMETHEUS.name(metric.meterName(), Meter.Type.TIMER, "seconds");
        };
    }

    @Test
    void scrapedNamesFollowMicrometersPrometheusNaming() {
        List<Metric> all = new ArrayList<>(OperatorMetrics.KILN);
        all.addAll(OperatorMetrics.Sdk.ALL);
        for (Metric metric : all) {
            assertThat(metric.scrapedName()).as(metric.meterName()).isEqualTo(scraped(metric));
        }
    }

    @Test
    void rolloutMetricsAreLabelledByModelDeployment() {
        assertThat(OperatorMetrics.KILN).containsAll(OperatorMetrics.ROLLOUTS).contains(OperatorMetrics.OPTIMIZATIONS);
        for (Metric metric : OperatorMetrics.ROLLOUTS) {
            assertThat(metric.labels()).startsWith(OperatorMetrics.LABEL_NAMESPACE,
                    OperatorMetrics.LABEL_MODEL_DEPLOYMENT);
        }
        for (Metric metric : OperatorMetrics.KILN) {
            assertThat(metric.scrapedName()).startsWith("kiln_").doesNotStartWith("kiln_inference_");
        }
    }

    @Test
    void sdkMetricNamesAreTheSdksOwn() throws IllegalAccessException {
        Set<String> sdkNames = new java.util.HashSet<>();
        for (Field field : MicrometerMetricsV2.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                sdkNames.add((String) field.get(null));
            }
        }
        assertThat(OperatorMetrics.Sdk.ALL.stream().map(Metric::meterName).collect(Collectors.toSet()))
                .isSubsetOf(sdkNames);
    }
}
