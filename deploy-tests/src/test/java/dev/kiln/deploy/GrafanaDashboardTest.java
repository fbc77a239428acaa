package dev.kiln.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.contract.OperatorMetrics;
import dev.kiln.contract.RuntimeContract.Metrics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/grafana/kiln-dashboard.json parses, and every query names only metrics that the runtime contract
 * or the operator metrics define, so a renamed metric breaks the build instead of a dashboard.
 */
class GrafanaDashboardTest {

    static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.*),\\s*([a-zA-Z_]\\w*)\\s*\\)$");

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(Repo.path("deploy/grafana/kiln-dashboard.json").toFile());
    }

    /** Every series name the runtime and the operator expose, as Prometheus stores them. */
    static Set<String> knownSeries() {
        Set<String> known = new TreeSet<>(Set.of(Metrics.REQUESTS, Metrics.SHADOW_COMPARISONS));
        // Histograms (RuntimeContract documents them as such): buckets, sum and count.
        for (String histogram : List.of(Metrics.REQUEST_LATENCY, Metrics.COMPUTE_LATENCY, Metrics.QUEUE_LATENCY,
                Metrics.BATCH_SIZE)) {
            for (String suffix : List.of("_bucket", "_sum", "_count", "_max")) {
                known.add(histogram + suffix);
            }
        }
        OperatorMetrics.KILN.forEach(m -> known.addAll(m.series()));
        OperatorMetrics.Sdk.ALL.forEach(m -> known.addAll(m.series()));
        return known;
    }

    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    @Test
    void everyPanelQueriesOnlyKnownMetrics() throws IOException {
        Set<String> known = knownSeries();
        List<JsonNode> panels = panels(dashboard());
        assertThat(panels).isNotEmpty();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(panel.path("targets")).as("targets of panel %s", title).isNotEmpty();
            assertThat(panel.path("datasource").path("uid").asText()).as("datasource of %s", title)
                    .isEqualTo("${datasource}");
            for (JsonNode target : panel.path("targets")) {
                Set<String> names = PromQlMetricNames.of(target.path("expr").asText());
                assertThat(names).as("metrics of panel '%s': %s", title, target.path("expr").asText())
                        .isNotEmpty().isSubsetOf(known);
            }
        }
    }

    @Test
    void templateVariablesQueryKnownMetrics() throws IOException {
        Set<String> known = knownSeries();
        for (JsonNode variable : dashboard().path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asText())) {
                continue;
            }
            Matcher m = LABEL_VALUES.matcher(variable.path("query").path("query").asText());
            assertThat(m.matches()).as("variable %s uses label_values(selector, label)",
                    variable.path("name").asText()).isTrue();
            assertThat(PromQlMetricNames.of(m.group(1))).isNotEmpty().isSubsetOf(known);
        }
    }

    @Test
    void showsWhatTheIssueAsksFor() throws IOException {
        Set<String> used = new TreeSet<>();
        for (JsonNode panel : panels(dashboard())) {
            panel.path("targets").forEach(t -> used.addAll(PromQlMetricNames.of(t.path("expr").asText())));
        }
        // Requests, errors, latency quantiles per track, shadow agreement (runtime); reconciliations, errors,
        // phase transitions, optimization results, canary weight, rollouts, rollbacks (Kiln's operator
        // metrics); reconcile duration (the SDK's).
        assertThat(used).contains(Metrics.REQUESTS, Metrics.REQUEST_LATENCY + "_bucket", Metrics.SHADOW_COMPARISONS,
                OperatorMetrics.Sdk.RECONCILIATION_DURATION.scrapedName() + "_sum");
        OperatorMetrics.KILN.forEach(m -> assertThat(used).as("a panel for %s", m.scrapedName())
                .contains(m.scrapedName()));
    }
}
